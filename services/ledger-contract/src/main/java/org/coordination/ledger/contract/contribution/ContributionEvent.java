package org.coordination.ledger.contract.contribution;

import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.LedgerEvent;

/** Every event of the Contribution aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface ContributionEvent extends LedgerEvent
        permits ContributionPledged,
        ConditionSatisfied,
        ConditionReopened,
        ContributionBlocked,
        ContributionUnblocked,
        ContributionFlagged,
        RulesOfEngagementAcknowledgementRequired,
        RulesOfEngagementAcknowledged,
        CaveatDeclared,
        CaveatLifted,
        ContributionCommitted,
        AuthorityTransferred,
        ContributionRejected,
        ContributionWithdrawn,
        ContributionSuspended,
        ContributionResumed {

    ContributionId contributionId();

    @Override
    default String aggregateType() {
        return "Contribution";
    }

    @Override
    default String aggregateId() {
        return contributionId().value();
    }
}
