package org.coordination.ledger.mandate.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.coordination.ledger.rules.RuleViolation.require;

import org.coordination.ledger.rules.EffectiveTimeRule;

import org.axonframework.modelling.command.CommandHandlerInterceptor;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.mandate.AmendMandate;
import org.coordination.ledger.contract.mandate.AuthorizeMandate;
import org.coordination.ledger.contract.mandate.EndMandate;
import org.coordination.ledger.contract.mandate.ExtendMandate;
import org.coordination.ledger.contract.mandate.MandateAmended;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEndReason;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateStatus;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.lookup.LedgerLookup;
import org.coordination.ledger.provenance.Provenance;

/** The legal authorization a force rests on: Authorized → Active → (Extended/Amended)* → Expired | Terminated. */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", lockFactory = "ledgerLockFactory", commandTargetResolver = "ledgerCommandTargetResolver",
        cache = "ledgerAggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class Mandate {

    private MandateId mandateId;
    /** When the event that established it took effect; see notBeforeEstablished. */
    private java.time.Instant establishedAt;
    private LocalDate effectiveFrom;
    private LocalDate expiresOn;
    private List<String> tasks;
    private Integer troopCeiling;
    private UseOfForce useOfForce;
    /** Why it ended; null while it has not. */
    private MandateEndReason endedBecause;
    private Set<String> instruments = new HashSet<>();

    Mandate() {
        // required by Axon and by the snapshot serializer
    }

    /** Axon's identifier: this kind and the id, one stream of the ledger (see StreamId). */
    @AggregateIdentifier
    private String streamId() {
        return StreamId.of(Mandate.class, mandateId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AuthorizeMandate command, LedgerLookup lookup) {
        require(mandateId == null, "MANDATE_ALREADY_AUTHORIZED", "Mandate " + command.mandateId() + " is already authorized");
        require(command.expiresOn().isAfter(command.effectiveFrom()), "MANDATE_EXPIRY_BEFORE_START",
                "A mandate must expire after it takes effect (" + command.effectiveFrom() + " → " + command.expiresOn() + ")");
        InstrumentRule.check(command.instrument(), instruments, lookup);
        apply(new MandateAuthorized(command.mandateId(), command.instrument(), command.charterBasis(),
                command.authorizedEntities(), command.tasks(), command.useOfForce(), command.troopCeiling(),
                command.effectiveFrom(), command.expiresOn()));
    }

    @CommandHandler
    void handle(ExtendMandate command, LedgerLookup lookup, MetaData metaData) {
        requireActive(Provenance.effectiveDate(metaData));
        require(command.expiresOn().isAfter(expiresOn), "EXTENSION_NOT_LATER",
                "An extension must move the expiry past " + expiresOn);
        InstrumentRule.check(command.instrument(), instruments, lookup);
        apply(new MandateExtended(mandateId, command.instrument(), expiresOn, command.expiresOn()));
    }

    @CommandHandler
    void handle(AmendMandate command, LedgerLookup lookup, MetaData metaData) {
        requireActive(Provenance.effectiveDate(metaData));
        List<String> newTasks = command.tasks() != null ? command.tasks() : tasks;
        Integer newCeiling = command.troopCeiling() != null ? command.troopCeiling() : troopCeiling;
        UseOfForce newUseOfForce = command.useOfForce() != null ? command.useOfForce() : useOfForce;
        require(!newTasks.equals(tasks) || !java.util.Objects.equals(newCeiling, troopCeiling) || newUseOfForce != useOfForce,
                "AMENDMENT_CHANGES_NOTHING", "An amendment must change tasks, troop ceiling or use of force");
        InstrumentRule.check(command.instrument(), instruments, lookup);
        apply(new MandateAmended(mandateId, command.instrument(), newTasks, newCeiling, newUseOfForce));
    }

    @CommandHandler
    void handle(EndMandate command, LedgerLookup lookup) {
        require(endedBecause == null, "MANDATE_ALREADY_ENDED", "Mandate " + mandateId + " has already ended");
        if (command.reason() == MandateEndReason.EXPIRED) {
            require(!command.endedOn().isBefore(expiresOn), "MANDATE_NOT_YET_EXPIRED",
                    "Mandate " + mandateId + " expires on " + expiresOn + ", not before");
        } else {
            require(command.instrument() != null, "TERMINATION_REQUIRES_INSTRUMENT",
                    "A mandate is terminated by an instrument, which must be given");
            InstrumentRule.check(command.instrument(), instruments, lookup);
        }
        apply(new MandateEnded(mandateId, command.reason(), command.endedOn(), command.instrument()));
    }

    private void requireActive(LocalDate on) {
        MandateStatus status = MandateStatus.on(on, effectiveFrom, expiresOn, endedBecause);
        require(status.inForce(), "MANDATE_NOT_ACTIVE", "Mandate " + mandateId + " is not active on " + on + switch (status) {
            case AUTHORIZED -> " (it takes effect on " + effectiveFrom + ")";
            case LAPSED -> " (it expired on " + expiresOn + ")";
            case EXPIRED, TERMINATED -> " (it has ended)";
            case ACTIVE -> "";
        });
    }

    /** Every command a person sends this aggregate takes effect on or after its establishment ({@link EffectiveTimeRule}). */
    @CommandHandlerInterceptor
    void notBeforeEstablished(MetaData metaData) {
        EffectiveTimeRule.requireNotBefore(establishedAt, metaData, "Mandate " + mandateId + "");
    }

    @EventSourcingHandler
    void on(MandateAuthorized event, MetaData metaData) {
        establishedAt = EffectiveTimeRule.establishedAt(metaData);
        mandateId = event.mandateId();
        effectiveFrom = event.effectiveFrom();
        expiresOn = event.expiresOn();
        tasks = new ArrayList<>(event.tasks());
        troopCeiling = event.troopCeiling();
        useOfForce = event.useOfForce();
        instruments.add(event.instrument().symbol());
    }

    @EventSourcingHandler
    void on(MandateExtended event) {
        expiresOn = event.expiresOn();
        instruments.add(event.instrument().symbol());
    }

    @EventSourcingHandler
    void on(MandateAmended event) {
        tasks = new ArrayList<>(event.tasks());
        troopCeiling = event.troopCeiling();
        useOfForce = event.useOfForce();
        instruments.add(event.instrument().symbol());
    }

    @EventSourcingHandler
    void on(MandateEnded event) {
        endedBecause = event.reason();
        if (event.instrument() != null) {
            instruments.add(event.instrument().symbol());
        }
    }

    /** A snapshot taken before endedBecause was kept says only whether it ended; the reason no longer matters then. */
    @com.fasterxml.jackson.annotation.JsonProperty("ended")
    private void endedInAnEarlierSnapshot(boolean ended) {
        if (ended && endedBecause == null) {
            endedBecause = MandateEndReason.TERMINATED;
        }
    }
}
