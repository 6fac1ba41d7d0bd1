package org.coordination.ledger.contract.force;

import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.LedgerCommand;

/** Every command of the Force aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface ForceCommand extends LedgerCommand
        permits EstablishForce,
        DefineForceRequirement,
        IssueRulesOfEngagement,
        ActivateForce {

    ForceId forceId();

    @Override
    default String aggregateType() {
        return "Force";
    }

    @Override
    default String aggregateId() {
        return forceId().value();
    }
}
