package org.coordination.ledger.contribution.command;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.coordination.ledger.rules.RuleViolation.require;

import org.coordination.ledger.rules.EffectiveTimeRule;

import org.axonframework.modelling.command.CommandHandlerInterceptor;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.Personnel;
import org.coordination.ledger.contract.contribution.AcknowledgeRulesOfEngagement;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.BlockContribution;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.CaveatLifted;
import org.coordination.ledger.contract.contribution.CommitContribution;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.ConditionSatisfied;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributionBlocked;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionResumed;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionSuspended;
import org.coordination.ledger.contract.contribution.ContributionUnblocked;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.DeclareCaveat;
import org.coordination.ledger.contract.contribution.FlagContribution;
import org.coordination.ledger.contract.contribution.JoinForce;
import org.coordination.ledger.contract.contribution.LiftCaveat;
import org.coordination.ledger.contract.contribution.RejectContribution;
import org.coordination.ledger.contract.contribution.ReopenCondition;
import org.coordination.ledger.contract.contribution.RequireRulesOfEngagementAcknowledgement;
import org.coordination.ledger.contract.contribution.ResumeContribution;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledged;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledgementRequired;
import org.coordination.ledger.contract.contribution.SatisfyCondition;
import org.coordination.ledger.contract.contribution.SuspendContribution;
import org.coordination.ledger.contract.contribution.TransferAuthority;
import org.coordination.ledger.contract.contribution.UnblockContribution;
import org.coordination.ledger.contract.contribution.WithdrawContribution;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.lookup.ForceFacts;
import org.coordination.ledger.lookup.LedgerLookup;
import org.coordination.ledger.provenance.Provenance;

/**
 * One nation's pledge to a force: Conditional ⇄ Offered → Committed → Deployed → Withdrawn, plus
 * Rejected; blocked is a flag. What each state allows, and which state an event leaves it in, is
 * {@link ContributionState}'s. Commands sent by policies (satisfy, reopen, block, unblock, flag,
 * require acknowledgement) are idempotent: one that would change nothing records nothing, because a
 * policy may deliver the same decision twice.
 */
@Aggregate(snapshotTriggerDefinition = "ledgerSnapshotTrigger", lockFactory = "ledgerLockFactory", commandTargetResolver = "ledgerCommandTargetResolver",
        cache = "ledgerAggregateCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
class Contribution {

    private ContributionId contributionId;
    /** When the event that established it took effect; see notBeforeEstablished. */
    private java.time.Instant establishedAt;
    private ForceId forceId;
    private Nation nation;
    private ContributionState state;
    private int offeredPersonnel;
    private int committedPersonnel;
    private AuthorityLevel authorityOffered;
    private List<Condition> conditions = new ArrayList<>();
    private Set<Condition> openConditions = new LinkedHashSet<>();
    private Set<String> blockedBy = new LinkedHashSet<>();
    private int acknowledgedRoeVersion;
    private Set<String> caveats = new LinkedHashSet<>();
    /**
     * While suspended: the state a resumption returns to. Set from the state it was suspended from, and
     * moved on by what the policies record meanwhile (a condition reopened: CONDITIONAL; the last open
     * one met: OFFERED), so that a resumption never brings back a state the pledge has since left.
     */
    private ContributionState resumesTo;

    Contribution() {
        // required by Axon and by the snapshot serializer
    }

    /** Axon's identifier: this kind and the id, one stream of the ledger (see StreamId). */
    @AggregateIdentifier
    private String streamId() {
        return StreamId.of(Contribution.class, contributionId);
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(JoinForce command, LedgerLookup lookup) {
        require(contributionId == null, "CONTRIBUTION_ALREADY_PLEDGED", "Contribution " + command.contributionId() + " already exists");
        require(lookup.force(command.forceId()).isPresent(), "FORCE_NOT_FOUND", "Force " + command.forceId() + " is not established");
        require(command.authorityOffered() != AuthorityLevel.FULL_COMMAND, "NATIONAL_COMMAND_NOT_TRANSFERABLE",
                "Full (national) command is never transferred; offer OPCOM, OPCON, TACOM or TACON");
        long offered = command.units().stream().mapToLong(ContributedUnit::personnel).sum();
        require(offered <= Personnel.MAX, "PERSONNEL_LIMIT_EXCEEDED",
                "The units total " + offered + " personnel, above the ledger's bound of " + Personnel.MAX);
        List<Condition> pledgedConditions = command.conditions() == null ? List.of()
                : List.copyOf(new LinkedHashSet<>(command.conditions()));
        for (Condition condition : pledgedConditions) {
            require(condition.type() != ConditionType.CONSENT_REQUIRED || condition.party() != null, "CONSENT_CONDITION_WITHOUT_PARTY",
                    "A CONSENT_REQUIRED condition must name the party whose consent is needed");
        }
        apply(new ContributionPledged(command.contributionId(), command.forceId(), command.nation(), command.units(),
                command.readiness(), pledgedConditions, command.authorityOffered(),
                pledgedConditions.isEmpty() ? ContributionState.OFFERED : ContributionState.CONDITIONAL));
    }

    @CommandHandler
    void handle(SatisfyCondition command) {
        if (state.closed() || !openConditions.contains(command.condition())) {
            return;
        }
        boolean lastOpen = openConditions.size() == 1;
        apply(new ConditionSatisfied(contributionId, command.condition(), command.cause(),
                lastOpen && state == ContributionState.CONDITIONAL ? ContributionState.OFFERED : state));
    }

    /** A commitment rested on its conditions: reopening one returns a committed pledge to Conditional. */
    @CommandHandler
    void handle(ReopenCondition command) {
        if (!state.answersToConditions() || !conditions.contains(command.condition())
                || openConditions.contains(command.condition())) {
            return;
        }
        apply(new ConditionReopened(contributionId, command.condition(), command.cause(),
                state == ContributionState.SUSPENDED ? ContributionState.SUSPENDED : ContributionState.CONDITIONAL));
    }

    @CommandHandler
    void handle(BlockContribution command) {
        if (!state.answersToConditions() || blockedBy.contains(command.party().value())) {
            return;
        }
        apply(new ContributionBlocked(contributionId, command.party(), command.reason()));
    }

    @CommandHandler
    void handle(UnblockContribution command) {
        if (!blockedBy.contains(command.party().value())) {
            return;
        }
        apply(new ContributionUnblocked(contributionId, command.party()));
    }

    @CommandHandler
    void handle(FlagContribution command) {
        if (state.closed()) {
            return;
        }
        apply(new ContributionFlagged(contributionId, command.reason()));
    }

    @CommandHandler
    void handle(RequireRulesOfEngagementAcknowledgement command) {
        if (state.closed() || acknowledgedRoeVersion >= command.version()) {
            return;
        }
        apply(new RulesOfEngagementAcknowledgementRequired(contributionId, command.version()));
    }

    /** Acknowledging the version already acknowledged records nothing. */
    @CommandHandler
    void handle(AcknowledgeRulesOfEngagement command, LedgerLookup lookup) {
        requireOpen();
        int current = currentRoeVersion(lookup);
        require(current > 0, "ROE_NOT_ISSUED", "Force " + forceId + " has no rules of engagement yet");
        require(command.version() == current, "ROE_VERSION_NOT_CURRENT",
                "The current ROE version of force " + forceId + " is " + current + ", not " + command.version());
        if (acknowledgedRoeVersion == current) {
            return;
        }
        apply(new RulesOfEngagementAcknowledged(contributionId, forceId, command.version()));
    }

    @CommandHandler
    void handle(DeclareCaveat command) {
        requireOpen();
        require(!caveats.contains(command.caveatId().value()), "CAVEAT_ALREADY_DECLARED",
                "Caveat " + command.caveatId() + " is already declared");
        apply(new CaveatDeclared(contributionId, command.caveatId(), command.kind(), command.description(),
                state.deployed()));
    }

    @CommandHandler
    void handle(LiftCaveat command) {
        require(caveats.contains(command.caveatId().value()), "CAVEAT_NOT_DECLARED",
                "Caveat " + command.caveatId() + " is not declared on this pledge");
        apply(new CaveatLifted(contributionId, command.caveatId()));
    }

    @CommandHandler
    void handle(CommitContribution command, LedgerLookup lookup, MetaData metaData) {
        requireOpen();
        requireNotSuspended();
        require(state != ContributionState.CONDITIONAL, "CONDITIONS_OPEN",
                "Conditions are still open: " + openConditions);
        require(state.canCommit(), "CONTRIBUTION_ALREADY_COMMITTED",
                "Contribution " + contributionId + " is already " + state);
        require(blockedBy.isEmpty(), "CONTRIBUTOR_BLOCKED", "The pledge is blocked by the objection of " + blockedBy);
        ForceFacts force = lookup.force(forceId).orElseThrow();
        LocalDate on = Provenance.effectiveDate(metaData);
        require(lookup.mandate(force.mandateId()).map(m -> m.activeOn(on)).orElse(false), "MANDATE_NOT_ACTIVE",
                "Mandate " + force.mandateId() + " is not active on " + on);
        requireCurrentRoeAcknowledged(force.currentRoeVersion());
        require(command.personnel() <= offeredPersonnel, "COMMITMENT_EXCEEDS_OFFER",
                "Committing " + command.personnel() + " personnel exceeds the " + offeredPersonnel + " offered");
        Integer ceiling = lookup.mandate(force.mandateId()).orElseThrow().troopCeiling();
        if (ceiling != null) {
            long total = lookup.committedPersonnelLocked(forceId, contributionId) + command.personnel();
            require(total <= ceiling, "CEILING_EXCEEDED",
                    "The force would total " + total + " committed personnel, above the mandate's ceiling of " + ceiling);
        }
        apply(new ContributionCommitted(contributionId, forceId, nation, command.personnel(), force.currentRoeVersion()));
    }

    @CommandHandler
    void handle(TransferAuthority command, LedgerLookup lookup) {
        requireOpen();
        requireNotSuspended();
        require(state.canTransfer(), "CONTRIBUTION_NOT_COMMITTED",
                "Authority is transferred over a committed pledge; this one is " + state);
        require(command.authority() != AuthorityLevel.FULL_COMMAND, "NATIONAL_COMMAND_NOT_TRANSFERABLE",
                "Full (national) command is never transferred");
        require(command.authority().compareTo(authorityOffered) <= 0, "AUTHORITY_EXCEEDS_OFFER",
                command.authority() + " exceeds the " + authorityOffered + " offered");
        require(blockedBy.isEmpty(), "CONTRIBUTOR_BLOCKED", "The pledge is blocked by the objection of " + blockedBy);
        require(lookup.postExists(command.structureId(), command.postId()), "POST_NOT_FOUND",
                "Post " + command.postId() + " does not exist in " + command.structureId());
        requireCurrentRoeAcknowledged(currentRoeVersion(lookup));
        apply(new AuthorityTransferred(contributionId, forceId, nation, command.authority(), command.structureId(), command.postId()));
    }

    @CommandHandler
    void handle(RejectContribution command) {
        requireOpen();
        require(state.canReject(), "CONTRIBUTION_DEPLOYED",
                "A deployed contingent is not rejected; its nation withdraws it");
        apply(new ContributionRejected(contributionId, forceId, nation, command.reason()));
    }

    @CommandHandler
    void handle(WithdrawContribution command) {
        requireOpen();
        apply(new ContributionWithdrawn(contributionId, forceId, nation, command.reason(), state.deployed()));
    }

    /** A caveat or an investigation is open: the coordinator takes the pledge out of the count until it is resumed. */
    @CommandHandler
    void handle(SuspendContribution command) {
        requireOpen();
        requireNotSuspended();
        require(state.canSuspend(), "CONTRIBUTION_DEPLOYED",
                "A deployed contingent is not suspended; it is flagged or its nation withdraws it");
        require(command.caveatId() == null || caveats.contains(command.caveatId().value()), "CAVEAT_NOT_DECLARED",
                "Caveat " + command.caveatId() + " is not declared on this pledge");
        apply(new ContributionSuspended(contributionId, forceId, nation, command.reason(), command.caveatId(), state));
    }

    /**
     * Back to the state it was suspended from (or the one the policies moved it to meanwhile). Returning
     * to COMMITTED counts its personnel toward the ceiling again, so the ceiling is checked as for a commitment.
     */
    @CommandHandler
    void handle(ResumeContribution command, LedgerLookup lookup) {
        requireOpen();
        require(state == ContributionState.SUSPENDED, "CONTRIBUTION_NOT_SUSPENDED",
                "Contribution " + contributionId + " is " + state + ", not suspended");
        if (resumesTo.countsTowardCeiling()) {
            ForceFacts force = lookup.force(forceId).orElseThrow();
            Integer ceiling = lookup.mandate(force.mandateId()).map(m -> m.troopCeiling()).orElse(null);
            if (ceiling != null) {
                long total = lookup.committedPersonnelLocked(forceId, contributionId) + committedPersonnel;
                require(total <= ceiling, "CEILING_EXCEEDED",
                        "Resuming would bring the force to " + total + " committed personnel, above the mandate's ceiling of " + ceiling);
            }
        }
        apply(new ContributionResumed(contributionId, forceId, nation, command.reason(), resumesTo));
    }

    private void requireNotSuspended() {
        require(state != ContributionState.SUSPENDED, "CONTRIBUTION_SUSPENDED",
                "Contribution " + contributionId + " is suspended; it is resumed first");
    }

    private void requireOpen() {
        require(!state.closed(), "CONTRIBUTION_CLOSED", "Contribution " + contributionId + " is " + state);
    }

    private int currentRoeVersion(LedgerLookup lookup) {
        return lookup.force(forceId).map(ForceFacts::currentRoeVersion).orElse(0);
    }

    private void requireCurrentRoeAcknowledged(int current) {
        require(current > 0, "ROE_NOT_ISSUED", "Force " + forceId + " has no rules of engagement yet");
        require(acknowledgedRoeVersion == current, "ROE_ACKNOWLEDGEMENT_STALE",
                "The current ROE version " + current + " is not acknowledged (acknowledged: "
                        + (acknowledgedRoeVersion == 0 ? "none" : acknowledgedRoeVersion) + ")");
    }

    /** Every command a person sends this aggregate takes effect on or after its establishment ({@link EffectiveTimeRule}). */
    @CommandHandlerInterceptor
    void notBeforeEstablished(MetaData metaData) {
        EffectiveTimeRule.requireNotBefore(establishedAt, metaData, "Contribution " + contributionId + "");
    }

    /**
     * Every event of the pledge passes here: its state moves only through {@link ContributionState#after},
     * the one map from events to states; the rest of the pledge follows the event's own fields.
     */
    @EventSourcingHandler
    void on(ContributionEvent event, MetaData metaData) {
        ContributionState before = state;
        state = ContributionState.after(state, event);
        if (event instanceof ContributionPledged e) {
            establishedAt = EffectiveTimeRule.establishedAt(metaData);
            contributionId = e.contributionId();
            forceId = e.forceId();
            nation = e.nation();
            offeredPersonnel = e.personnel();
            authorityOffered = e.authorityOffered();
            conditions = new ArrayList<>(e.conditions());
            openConditions = new LinkedHashSet<>(e.conditions());
        } else if (event instanceof ConditionSatisfied e) {
            openConditions.remove(e.condition());
            if (before == ContributionState.SUSPENDED && openConditions.isEmpty() && resumesTo == ContributionState.CONDITIONAL) {
                resumesTo = ContributionState.OFFERED;
            }
        } else if (event instanceof ConditionReopened e) {
            openConditions.add(e.condition());
            committedPersonnel = 0;
            if (before == ContributionState.SUSPENDED) {
                resumesTo = ContributionState.CONDITIONAL;
            }
        } else if (event instanceof ContributionSuspended e) {
            resumesTo = e.suspendedFrom();
        } else if (event instanceof ContributionResumed) {
            resumesTo = null;
        } else if (event instanceof ContributionBlocked e) {
            blockedBy.add(e.party().value());
        } else if (event instanceof ContributionUnblocked e) {
            blockedBy.remove(e.party().value());
        } else if (event instanceof RulesOfEngagementAcknowledged e) {
            acknowledgedRoeVersion = e.version();
        } else if (event instanceof CaveatDeclared e) {
            caveats.add(e.caveatId().value());
        } else if (event instanceof CaveatLifted e) {
            caveats.remove(e.caveatId().value());
        } else if (event instanceof ContributionCommitted e) {
            committedPersonnel = e.personnel();
        }
        // AuthorityTransferred, ContributionRejected, ContributionWithdrawn, ContributionFlagged and
        // RulesOfEngagementAcknowledgementRequired change the state only, or nothing the pledge decides on
    }
}
