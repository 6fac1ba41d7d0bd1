package org.coordination.ledger.contract.consent;

import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.LedgerCommand;

/** Every command of the ConsentRegister aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface ConsentRegisterCommand extends LedgerCommand
        permits OpenConsentRegister,
        GrantConsent,
        WithdrawConsent,
        ObjectToContributor,
        WithdrawObjection {

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
