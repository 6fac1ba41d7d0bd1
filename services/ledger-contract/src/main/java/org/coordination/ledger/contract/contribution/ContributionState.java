package org.coordination.ledger.contract.contribution;

/**
 * The life cycle of a pledge, defined once: which states there are, what each one allows and counts
 * for, and which state an event leaves a pledge in ({@link #after}). The aggregate, the consistency
 * lookup, the policies, the read models and subscribers all ask this enum, so they cannot disagree.
 * Blocked is a flag beside the state, not a state.
 *
 * <p>Every predicate is a switch over all constants without a default: a new state does not compile
 * until each predicate has been decided for it.
 */
public enum ContributionState {
    CONDITIONAL,
    OFFERED,
    COMMITTED,
    DEPLOYED,
    /**
     * Suspended by the coordinator while a caveat or an investigation is open: still in play (the roster
     * shows it, conditions and objections still bear on it, it may be rejected or withdrawn), but it
     * does not count toward the ceiling and can be neither committed nor deployed until it is resumed,
     * to the state it was suspended from ({@link ContributionResumed#state()}).
     */
    SUSPENDED,
    WITHDRAWN,
    REJECTED;

    /** Withdrawn by its nation or rejected by the coordinator: nothing more happens to it. */
    public boolean closed() {
        return switch (this) {
            case WITHDRAWN, REJECTED -> true;
            case CONDITIONAL, OFFERED, COMMITTED, DEPLOYED, SUSPENDED -> false;
        };
    }

    /** Still part of the force's picture (the roster, the policies' decisions). */
    public boolean inPlay() {
        return switch (this) {
            case CONDITIONAL, OFFERED, COMMITTED, DEPLOYED, SUSPENDED -> true;
            case WITHDRAWN, REJECTED -> false;
        };
    }

    /** Under the force's authority since the transfer of authority. */
    public boolean deployed() {
        return switch (this) {
            case DEPLOYED -> true;
            case CONDITIONAL, OFFERED, COMMITTED, SUSPENDED, WITHDRAWN, REJECTED -> false;
        };
    }

    /**
     * Personnel committed (and possibly deployed): bound by the force's current rules of engagement. A
     * suspended pledge is not: its commitment is held, not in force, until it is resumed.
     */
    public boolean engaged() {
        return switch (this) {
            case COMMITTED, DEPLOYED -> true;
            case CONDITIONAL, OFFERED, SUSPENDED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** Its committed personnel count toward the mandate's troop ceiling. */
    public boolean countsTowardCeiling() {
        return switch (this) {
            case COMMITTED, DEPLOYED -> true;
            case CONDITIONAL, OFFERED, SUSPENDED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** Its nation may commit personnel (the other rules of CommitContribution aside). */
    public boolean canCommit() {
        return switch (this) {
            case OFFERED -> true;
            case CONDITIONAL, COMMITTED, DEPLOYED, SUSPENDED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** Authority over it may be transferred (the other rules of TransferAuthority aside). */
    public boolean canTransfer() {
        return switch (this) {
            case COMMITTED -> true;
            case CONDITIONAL, OFFERED, DEPLOYED, SUSPENDED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** The coordinator may reject it: a deployed contingent is withdrawn by its nation instead. */
    public boolean canReject() {
        return switch (this) {
            case CONDITIONAL, OFFERED, COMMITTED, SUSPENDED -> true;
            case DEPLOYED, WITHDRAWN, REJECTED -> false;
        };
    }

    /**
     * The coordinator may suspend it: a pledge not yet deployed. A deployed contingent is under the
     * force's authority and counts on the ground; it is flagged or withdrawn instead.
     */
    public boolean canSuspend() {
        return switch (this) {
            case CONDITIONAL, OFFERED, COMMITTED -> true;
            case DEPLOYED, SUSPENDED, WITHDRAWN, REJECTED -> false;
        };
    }

    /**
     * Its conditions and a party's objection still bear on it: a policy may reopen a condition or
     * block it. A deployed contingent is flagged for people to decide instead.
     */
    public boolean answersToConditions() {
        return switch (this) {
            case CONDITIONAL, OFFERED, COMMITTED, SUSPENDED -> true;
            case DEPLOYED, WITHDRAWN, REJECTED -> false;
        };
    }

    /**
     * The only map from events to states: the state a pledge is in after {@code event}, given the
     * state it was in before ({@code null} before it was pledged, or when the caller does not know).
     * Events that carry a state (pledged, condition satisfied or reopened, resumed) are taken at their
     * word; the others either move the pledge to a fixed state or leave it where it was. A switch over
     * the sealed {@link ContributionEvent} without a default: a new event does not compile until its
     * transition is decided here.
     */
    public static ContributionState after(ContributionState before, ContributionEvent event) {
        return switch (event) {
            case ContributionPledged e -> e.state();
            case ConditionSatisfied e -> e.state();
            case ConditionReopened e -> e.state();
            case ContributionResumed e -> e.state();
            case ContributionCommitted e -> COMMITTED;
            case AuthorityTransferred e -> DEPLOYED;
            case ContributionSuspended e -> SUSPENDED;
            case ContributionRejected e -> REJECTED;
            case ContributionWithdrawn e -> WITHDRAWN;
            case ContributionBlocked e -> before;
            case ContributionUnblocked e -> before;
            case ContributionFlagged e -> before;
            case RulesOfEngagementAcknowledgementRequired e -> before;
            case RulesOfEngagementAcknowledged e -> before;
            case CaveatDeclared e -> before;
            case CaveatLifted e -> before;
        };
    }
}
