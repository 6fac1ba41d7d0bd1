package org.coordination.ledger.contract.mandate;

import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.LedgerCommand;

/** Every command of the Mandate aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface MandateCommand extends LedgerCommand
        permits AuthorizeMandate,
        ExtendMandate,
        AmendMandate,
        EndMandate {

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
