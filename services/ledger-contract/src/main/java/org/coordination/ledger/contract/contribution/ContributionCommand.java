package org.coordination.ledger.contract.contribution;

import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.LedgerCommand;

/** Every command of the Contribution aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface ContributionCommand extends LedgerCommand
        permits JoinForce,
        SatisfyCondition,
        ReopenCondition,
        BlockContribution,
        UnblockContribution,
        FlagContribution,
        RequireRulesOfEngagementAcknowledgement,
        AcknowledgeRulesOfEngagement,
        DeclareCaveat,
        LiftCaveat,
        CommitContribution,
        TransferAuthority,
        RejectContribution,
        WithdrawContribution,
        SuspendContribution,
        ResumeContribution {

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
