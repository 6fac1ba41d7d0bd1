package org.coordination.ledger.contract.consent;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.RecordedNation;

/** The party withdraws its objection. */
public record WithdrawObjection(
        @TargetAggregateIdentifier @NotNull ConsentRegisterId registerId,
        @NotNull @RecordedNation Nation nation) implements ConsentRegisterCommand {
}
