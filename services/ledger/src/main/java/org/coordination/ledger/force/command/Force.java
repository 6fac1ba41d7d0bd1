package org.coordination.ledger.force.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.coordination.ledger.rules.RuleViolation.require;

import org.coordination.ledger.rules.EffectiveTimeRule;

import org.axonframework.modelling.command.CommandHandlerInterceptor;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.force.ActivateForce;
import org.coordination.ledger.contract.force.DefineForceRequirement;
import org.coordination.ledger.contract.force.EstablishForce;
import org.coordination.ledger.contract.force.ForceActivated;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.ForceRequirementDefined;
import org.coordination.ledger.contract.force.IssueRulesOfEngagement;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.lookup.LedgerLookup;
import org.coordination.ledger.lookup.MandateTerms;
import org.coordination.ledger.provenance.Provenance;

/** The multinational force being raised: requirement lines, ROE versions, activation. */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", lockFactory = "ledgerLockFactory", commandTargetResolver = "ledgerCommandTargetResolver",
        cache = "ledgerAggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class Force {

    private ForceId forceId;
    /** When the event that established it took effect; see notBeforeEstablished. */
    private java.time.Instant establishedAt;
    private MandateId mandateId;
    /** requirement line id → personnel */
    private Map<String, Integer> requirementLines = new LinkedHashMap<>();
    private int roeVersion;
    private boolean active;

    Force() {
        // required by Axon and by the snapshot serializer
    }

    /** Axon's identifier: this kind and the id, one stream of the ledger (see StreamId). */
    @AggregateIdentifier
    private String streamId() {
        return StreamId.of(Force.class, forceId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(EstablishForce command) {
        require(forceId == null, "FORCE_ALREADY_ESTABLISHED", "Force " + command.forceId() + " is already established");
        apply(new ForceEstablished(command.forceId(), command.name(), command.politicalAuthority(), command.leadNation(),
                command.commandModel(), command.plannedStrength(), command.mandateId()));
    }

    @CommandHandler
    void handle(DefineForceRequirement command, LedgerLookup lookup) {
        require(!requirementLines.containsKey(command.lineId().value()), "REQUIREMENT_LINE_ALREADY_DEFINED",
                "Requirement line " + command.lineId() + " is already defined");
        long total = requirementLines.values().stream().mapToLong(Integer::longValue).sum() + command.personnel(); // many lines pass an int
        Optional<Integer> ceiling = lookup.mandate(mandateId).map(MandateTerms::troopCeiling);
        require(ceiling.isEmpty() || total <= ceiling.get(), "REQUIREMENTS_EXCEED_CEILING",
                "Requirement lines would total " + total + " personnel, above the mandate's troop ceiling of " + ceiling.orElse(0));
        apply(new ForceRequirementDefined(forceId, command.lineId(), command.capability(), command.personnel(), command.sector()));
    }

    @CommandHandler
    void handle(IssueRulesOfEngagement command, LedgerLookup lookup) {
        require(command.version() == roeVersion + 1, "ROE_VERSION_NOT_NEXT",
                "The next ROE version of force " + forceId + " is " + (roeVersion + 1) + ", not " + command.version());
        // Without an authorizing mandate a force may only plan for self-defence, which needs no mandate.
        UseOfForce permitted = lookup.mandate(mandateId).filter(m -> !m.ended())
                .map(MandateTerms::useOfForce).orElse(UseOfForce.SELF_DEFENCE_ONLY);
        require(command.useOfForce().compareTo(permitted) <= 0, "ROE_EXCEEDS_MANDATE",
                "ROE authorizing " + command.useOfForce() + " exceed the mandate's " + permitted);
        apply(new RulesOfEngagementIssued(forceId, command.version(), command.profileId(), command.ruleNumbers(),
                command.issuingAuthority(), command.effectiveFrom(), command.useOfForce()));
    }

    @CommandHandler
    void handle(ActivateForce command, LedgerLookup lookup, MetaData metaData) {
        require(!active, "FORCE_ALREADY_ACTIVE", "Force " + forceId + " is already active");
        LocalDate on = Provenance.effectiveDate(metaData);
        require(lookup.mandate(mandateId).map(m -> m.activeOn(on)).orElse(false), "MANDATE_NOT_ACTIVE",
                "Mandate " + mandateId + " is not active on " + on);
        require(lookup.postFilled(command.structureId(), command.commanderPostId()), "COMMANDER_POST_VACANT",
                "Post " + command.commanderPostId() + " of " + command.structureId() + " has no office holder");
        require(roeVersion > 0, "ROE_NOT_ISSUED", "Force " + forceId + " has no rules of engagement yet");
        apply(new ForceActivated(forceId, mandateId, command.structureId(), command.commanderPostId(), roeVersion));
    }

    /** Every command a person sends this aggregate takes effect on or after its establishment ({@link EffectiveTimeRule}). */
    @CommandHandlerInterceptor
    void notBeforeEstablished(MetaData metaData) {
        EffectiveTimeRule.requireNotBefore(establishedAt, metaData, "Force " + forceId + "");
    }

    @EventSourcingHandler
    void on(ForceEstablished event, MetaData metaData) {
        establishedAt = EffectiveTimeRule.establishedAt(metaData);
        forceId = event.forceId();
        mandateId = event.mandateId();
    }

    @EventSourcingHandler
    void on(ForceRequirementDefined event) {
        requirementLines.put(event.lineId().value(), event.personnel());
    }

    @EventSourcingHandler
    void on(RulesOfEngagementIssued event) {
        roeVersion = event.version();
    }

    @EventSourcingHandler
    void on(ForceActivated event) {
        active = true;
    }
}
