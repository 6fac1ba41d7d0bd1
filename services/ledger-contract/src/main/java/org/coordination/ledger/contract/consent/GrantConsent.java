package org.coordination.ledger.contract.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ConsentRegisterId;

/** The party consents to the force's presence. */
public record GrantConsent(
        @TargetAggregateIdentifier @NotNull ConsentRegisterId registerId,
        @NotBlank @Size(max = 500) String scope,
        @Size(max = 200) String sofaReference) implements ConsentRegisterCommand {
}
