package org.coordination.ledger.consent.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.coordination.ledger.rules.RuleViolation.require;

import org.coordination.ledger.rules.EffectiveTimeRule;

import org.axonframework.messaging.MetaData;

import org.axonframework.modelling.command.CommandHandlerInterceptor;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.Optional;
import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.consent.ConsentGranted;
import org.coordination.ledger.contract.consent.ConsentRegisterOpened;
import org.coordination.ledger.contract.consent.ConsentWithdrawn;
import org.coordination.ledger.contract.consent.GrantConsent;
import org.coordination.ledger.contract.consent.ObjectToContributor;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.consent.ObjectionWithdrawn;
import org.coordination.ledger.contract.consent.OpenConsentRegister;
import org.coordination.ledger.contract.consent.WithdrawConsent;
import org.coordination.ledger.contract.consent.WithdrawObjection;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.lookup.LedgerLookup;

/** The consent of one party (host state, territorial authority, neighbour) towards a force and its contributors. */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", lockFactory = "ledgerLockFactory", commandTargetResolver = "ledgerCommandTargetResolver",
        cache = "ledgerAggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class ConsentRegister {

    private ConsentRegisterId registerId;
    /** When the event that established it took effect; see notBeforeEstablished. */
    private java.time.Instant establishedAt;
    private ForceId forceId;
    private PartyId party;
    private boolean consentGranted;
    private Set<String> objections = new LinkedHashSet<>();

    ConsentRegister() {
        // required by Axon and by the snapshot serializer
    }

    /** Axon's identifier: this kind and the id, one stream of the ledger (see StreamId). */
    @AggregateIdentifier
    private String streamId() {
        return StreamId.of(ConsentRegister.class, registerId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(OpenConsentRegister command, LedgerLookup lookup) {
        require(registerId == null, "CONSENT_REGISTER_ALREADY_OPEN", "Consent register " + command.registerId() + " is already open");
        require(lookup.force(command.forceId()).isPresent(), "FORCE_NOT_FOUND", "Force " + command.forceId() + " is not established");
        // one register per party and force: a second would give the consent board two answers for one party
        Optional<String> existing = lookup.registerOf(command.forceId(), command.party());
        require(existing.isEmpty(), "CONSENT_REGISTER_ALREADY_OPEN",
                command.party() + " already has consent register " + existing.orElse("") + " for force " + command.forceId());
        apply(new ConsentRegisterOpened(command.registerId(), command.forceId(), command.party(), command.partyRole()));
    }

    @CommandHandler
    void handle(GrantConsent command) {
        require(!consentGranted, "CONSENT_ALREADY_GRANTED", party + " has already granted consent");
        apply(new ConsentGranted(registerId, forceId, party, command.scope(), command.sofaReference()));
    }

    @CommandHandler
    void handle(WithdrawConsent command) {
        require(consentGranted, "CONSENT_NOT_GRANTED", party + " has not granted consent");
        apply(new ConsentWithdrawn(registerId, forceId, party, command.reason()));
    }

    @CommandHandler
    void handle(ObjectToContributor command) {
        require(!objections.contains(command.nation().value()), "OBJECTION_ALREADY_RAISED",
                party + " already objects to " + command.nation());
        apply(new ObjectionRaised(registerId, forceId, party, command.nation(), command.reason(), command.citation()));
    }

    @CommandHandler
    void handle(WithdrawObjection command) {
        require(objections.contains(command.nation().value()), "NO_SUCH_OBJECTION",
                party + " has no objection to " + command.nation());
        apply(new ObjectionWithdrawn(registerId, forceId, party, command.nation()));
    }

    /** Every command a person sends this aggregate takes effect on or after its establishment ({@link EffectiveTimeRule}). */
    @CommandHandlerInterceptor
    void notBeforeEstablished(MetaData metaData) {
        EffectiveTimeRule.requireNotBefore(establishedAt, metaData, "Consent register " + registerId + "");
    }

    @EventSourcingHandler
    void on(ConsentRegisterOpened event, MetaData metaData) {
        establishedAt = EffectiveTimeRule.establishedAt(metaData);
        registerId = event.registerId();
        forceId = event.forceId();
        party = event.party();
    }

    @EventSourcingHandler
    void on(ConsentGranted event) {
        consentGranted = true;
    }

    @EventSourcingHandler
    void on(ConsentWithdrawn event) {
        consentGranted = false;
    }

    @EventSourcingHandler
    void on(ObjectionRaised event) {
        objections.add(event.nation().value());
    }

    @EventSourcingHandler
    void on(ObjectionWithdrawn event) {
        objections.remove(event.nation().value());
    }
}
