package org.coordination.ledger.contract.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ConsentRegisterId;

/** The party withdraws its consent. */
public record WithdrawConsent(
        @TargetAggregateIdentifier @NotNull ConsentRegisterId registerId,
        @NotBlank @Size(max = 500) String reason) implements ConsentRegisterCommand {
}
