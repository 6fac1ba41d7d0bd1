package org.coordination.ledger.contract.consent;

import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.LedgerEvent;

/** Every event of the ConsentRegister aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface ConsentRegisterEvent extends LedgerEvent
        permits ConsentRegisterOpened,
        ConsentGranted,
        ConsentWithdrawn,
        ObjectionRaised,
        ObjectionWithdrawn {

    ConsentRegisterId registerId();

    @Override
    default String aggregateType() {
        return "ConsentRegister";
    }

    @Override
    default String aggregateId() {
        return registerId().value();
    }
}
