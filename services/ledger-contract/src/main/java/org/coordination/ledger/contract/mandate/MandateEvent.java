package org.coordination.ledger.contract.mandate;

import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.LedgerEvent;

/** Every event of the Mandate aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface MandateEvent extends LedgerEvent
        permits MandateAuthorized,
        MandateExtended,
        MandateAmended,
        MandateEnded {

    MandateId mandateId();

    @Override
    default String aggregateType() {
        return "Mandate";
    }

    @Override
    default String aggregateId() {
        return mandateId().value();
    }
}
