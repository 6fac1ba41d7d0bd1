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
    WITHDRAWN,
    REJECTED;

    /** Withdrawn by its nation or rejected by the coordinator: nothing more happens to it. */
    public boolean closed() {
        return switch (this) {
            case WITHDRAWN, REJECTED -> true;
            case CONDITIONAL, OFFERED, COMMITTED, DEPLOYED -> false;
        };
    }

    /** Still part of the force's picture (the roster, the policies' decisions). */
    public boolean inPlay() {
        return switch (this) {
            case CONDITIONAL, OFFERED, COMMITTED, DEPLOYED -> true;
            case WITHDRAWN, REJECTED -> false;
        };
    }

    /** Under the force's authority since the transfer of authority. */
    public boolean deployed() {
        return switch (this) {
            case DEPLOYED -> true;
            case CONDITIONAL, OFFERED, COMMITTED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** Personnel committed (and possibly deployed): bound by the force's current rules of engagement. */
    public boolean engaged() {
        return switch (this) {
            case COMMITTED, DEPLOYED -> true;
            case CONDITIONAL, OFFERED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** Its committed personnel count toward the mandate's troop ceiling. */
    public boolean countsTowardCeiling() {
        return switch (this) {
            case COMMITTED, DEPLOYED -> true;
            case CONDITIONAL, OFFERED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** Its nation may commit personnel (the other rules of CommitContribution aside). */
    public boolean canCommit() {
        return switch (this) {
            case OFFERED -> true;
            case CONDITIONAL, COMMITTED, DEPLOYED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** Authority over it may be transferred (the other rules of TransferAuthority aside). */
    public boolean canTransfer() {
        return switch (this) {
            case COMMITTED -> true;
            case CONDITIONAL, OFFERED, DEPLOYED, WITHDRAWN, REJECTED -> false;
        };
    }

    /** The coordinator may reject it: a deployed contingent is withdrawn by its nation instead. */
    public boolean canReject() {
        return switch (this) {
            case CONDITIONAL, OFFERED, COMMITTED -> true;
            case DEPLOYED, WITHDRAWN, REJECTED -> false;
        };
    }

    /**
     * Its conditions and a party's objection still bear on it: a policy may reopen a condition or
     * block it. A deployed contingent is flagged for people to decide instead.
     */
    public boolean answersToConditions() {
        return switch (this) {
            case CONDITIONAL, OFFERED, COMMITTED -> true;
            case DEPLOYED, WITHDRAWN, REJECTED -> false;
        };
    }

    /**
     * The only map from events to states: the state a pledge is in after {@code event}, given the
     * state it was in before ({@code null} before it was pledged, or when the caller does not know).
     * Events that carry a state (pledged, condition satisfied or reopened) are taken at their word;
     * the others either move the pledge to a fixed state or leave it where it was.
     *
     * <p>Written as a chain of pattern tests while the build is on Java 17; on 21 it becomes a switch
     * over the sealed {@link ContributionEvent} without a default. Until then
     * {@code ContributionStateTest} fails for an event this chain does not name.
     */
    public static ContributionState after(ContributionState before, ContributionEvent event) {
        if (event instanceof ContributionPledged e) {
            return e.state();
        } else if (event instanceof ConditionSatisfied e) {
            return e.state();
        } else if (event instanceof ConditionReopened e) {
            return e.state();
        } else if (event instanceof ContributionCommitted) {
            return COMMITTED;
        } else if (event instanceof AuthorityTransferred) {
            return DEPLOYED;
        } else if (event instanceof ContributionRejected) {
            return REJECTED;
        } else if (event instanceof ContributionWithdrawn) {
            return WITHDRAWN;
        } else if (event instanceof ContributionBlocked
                || event instanceof ContributionUnblocked
                || event instanceof ContributionFlagged
                || event instanceof RulesOfEngagementAcknowledgementRequired
                || event instanceof RulesOfEngagementAcknowledged
                || event instanceof CaveatDeclared
                || event instanceof CaveatLifted) {
            return before;
        }
        throw new IllegalArgumentException("No transition is decided for " + event.getClass().getSimpleName()
                + ": add it to ContributionState.after");
    }
}
