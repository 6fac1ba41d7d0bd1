package org.coordination.ledger.contract.force;

import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.LedgerEvent;

/** Every event of the Force aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface ForceEvent extends LedgerEvent
        permits ForceEstablished,
        ForceRequirementDefined,
        RulesOfEngagementIssued,
        ForceActivated {

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
