package org.coordination.ledger.humanitarian.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.coordination.ledger.rules.RuleViolation.require;

import org.coordination.ledger.rules.EffectiveTimeRule;

import org.axonframework.modelling.command.CommandHandlerInterceptor;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.humanitarian.AdmissionDenied;
import org.coordination.ledger.contract.humanitarian.AdmitPartner;
import org.coordination.ledger.contract.humanitarian.ExcludeOrganization;
import org.coordination.ledger.contract.humanitarian.ExclusionLifted;
import org.coordination.ledger.contract.humanitarian.FormHumanitarianCoalition;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionFormed;
import org.coordination.ledger.contract.humanitarian.LiftExclusion;
import org.coordination.ledger.contract.humanitarian.MembershipCapSet;
import org.coordination.ledger.contract.humanitarian.OrganizationExcluded;
import org.coordination.ledger.contract.humanitarian.PartnerAdmitted;
import org.coordination.ledger.contract.humanitarian.PartnerRemoved;
import org.coordination.ledger.contract.humanitarian.PartnerSuspended;
import org.coordination.ledger.contract.humanitarian.RecordVetting;
import org.coordination.ledger.contract.humanitarian.RemovePartner;
import org.coordination.ledger.contract.humanitarian.SetMembershipCap;
import org.coordination.ledger.contract.humanitarian.SuspendPartner;
import org.coordination.ledger.contract.humanitarian.VettingRecorded;
import org.coordination.ledger.provenance.Provenance;
import org.coordination.ledger.eventstore.StreamId;

/**
 * The aid partners a center coordinates (not commands). The cap and the exclusions are data, set by
 * commands, so that they change without a release.
 */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", lockFactory = "ledgerLockFactory", commandTargetResolver = "ledgerCommandTargetResolver",
        cache = "ledgerAggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class HumanitarianCoalition {

    static final int DEFAULT_MEMBERSHIP_CAP = 12;
    static final String EXCLUDED_RULE = "ORGANIZATION_EXCLUDED";

    private CoalitionId coalitionId;
    /** When the event that established it took effect; see notBeforeEstablished. */
    private java.time.Instant establishedAt;
    private int membershipCap;
    private Map<String, MemberState> members = new LinkedHashMap<>();
    private Set<String> excluded = new LinkedHashSet<>();
    private Map<String, VettingState> vettings = new LinkedHashMap<>();

    HumanitarianCoalition() {
        // required by Axon and by the snapshot serializer
    }

    /** Axon's identifier: this kind and the id, one stream of the ledger (see StreamId). */
    @AggregateIdentifier
    private String streamId() {
        return StreamId.of(HumanitarianCoalition.class, coalitionId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(FormHumanitarianCoalition command) {
        require(coalitionId == null, "COALITION_ALREADY_FORMED", "Coalition " + command.coalitionId() + " is already formed");
        int cap = command.membershipCap() == null ? DEFAULT_MEMBERSHIP_CAP : command.membershipCap();
        apply(new HumanitarianCoalitionFormed(command.coalitionId(), command.name(), command.coordinatingStructureId(), cap));
    }

    /**
     * Admitting an excluded organization is refused, and the refusal is a recorded decision
     * ({@code AdmissionDenied}); every other refusal writes nothing.
     */
    @CommandHandler
    void handle(AdmitPartner command, MetaData metaData) {
        String organization = command.organizationId().value();
        require(!members.containsKey(organization), "PARTNER_ALREADY_ADMITTED", organization + " is already a partner");
        if (excluded.contains(organization)) {
            apply(new AdmissionDenied(coalitionId, command.organizationId(), command.name(), EXCLUDED_RULE,
                    organization + " is excluded from the coalition"));
            return;
        }
        AdmissionRule.check(command, vettings.get(organization), activeMembers(), membershipCap, Provenance.effectiveDate(metaData));
        List<String> clusters = command.clusters() == null ? List.of() : command.clusters();
        apply(new PartnerAdmitted(coalitionId, command.organizationId(), command.name(), command.type(), clusters,
                (int) activeMembers() + 1));
    }

    @CommandHandler
    void handle(SetMembershipCap command) {
        require(command.membershipCap() >= activeMembers(), "MEMBERSHIP_CAP_BELOW_ACTIVE_MEMBERS",
                "The coalition has " + activeMembers() + " active members; a cap of " + command.membershipCap() + " is below that");
        apply(new MembershipCapSet(coalitionId, command.membershipCap()));
    }

    @CommandHandler
    void handle(RecordVetting command) {
        apply(new VettingRecorded(coalitionId, command.organizationId(), command.authority(), command.result(), command.validUntil()));
    }

    @CommandHandler
    void handle(SuspendPartner command) {
        MemberState member = members.get(command.organizationId().value());
        require(member != null && !member.suspended(), "PARTNER_NOT_ACTIVE", command.organizationId() + " is not an active partner");
        apply(new PartnerSuspended(coalitionId, command.organizationId(), command.windDownOn(), command.reason()));
    }

    @CommandHandler
    void handle(RemovePartner command) {
        require(members.containsKey(command.organizationId().value()), "PARTNER_NOT_FOUND",
                command.organizationId() + " is not a partner");
        apply(new PartnerRemoved(coalitionId, command.organizationId(), command.reason()));
    }

    /** Excluding a current partner removes it first, so the roster never lists an excluded member. */
    @CommandHandler
    void handle(ExcludeOrganization command) {
        String organization = command.organizationId().value();
        require(!excluded.contains(organization), "ORGANIZATION_ALREADY_EXCLUDED", organization + " is already excluded");
        if (members.containsKey(organization)) {
            apply(new PartnerRemoved(coalitionId, command.organizationId(), "Excluded: " + command.legalBasis()));
        }
        apply(new OrganizationExcluded(coalitionId, command.organizationId(), command.decidedBy(), command.legalBasis(),
                command.contraryAuthority()));
    }

    @CommandHandler
    void handle(LiftExclusion command) {
        require(excluded.contains(command.organizationId().value()), "ORGANIZATION_NOT_EXCLUDED",
                command.organizationId() + " is not excluded");
        apply(new ExclusionLifted(coalitionId, command.organizationId(), command.decidedBy(), command.reason()));
    }

    private long activeMembers() {
        return members.values().stream().filter(m -> !m.suspended()).count();
    }

    /** Every command a person sends this aggregate takes effect on or after its establishment ({@link EffectiveTimeRule}). */
    @CommandHandlerInterceptor
    void notBeforeEstablished(MetaData metaData) {
        EffectiveTimeRule.requireNotBefore(establishedAt, metaData, "Coalition " + coalitionId + "");
    }

    @EventSourcingHandler
    void on(HumanitarianCoalitionFormed event, MetaData metaData) {
        establishedAt = EffectiveTimeRule.establishedAt(metaData);
        coalitionId = event.coalitionId();
        membershipCap = event.membershipCap();
    }

    @EventSourcingHandler
    void on(PartnerAdmitted event) {
        members.put(event.organizationId().value(), new MemberState(event.type(), false));
    }

    @EventSourcingHandler
    void on(MembershipCapSet event) {
        membershipCap = event.membershipCap();
    }

    @EventSourcingHandler
    void on(VettingRecorded event) {
        vettings.put(event.organizationId().value(), new VettingState(event.result(), event.validUntil()));
    }

    @EventSourcingHandler
    void on(PartnerSuspended event) {
        members.computeIfPresent(event.organizationId().value(), (id, m) -> new MemberState(m.type(), true));
    }

    @EventSourcingHandler
    void on(PartnerRemoved event) {
        members.remove(event.organizationId().value());
    }

    @EventSourcingHandler
    void on(OrganizationExcluded event) {
        excluded.add(event.organizationId().value());
    }

    @EventSourcingHandler
    void on(ExclusionLifted event) {
        excluded.remove(event.organizationId().value());
    }
}
