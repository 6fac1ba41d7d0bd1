package org.coordination.ledger.contract.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.Nation;

/** The party objects to one contributing nation. */
public record ObjectToContributor(
        @TargetAggregateIdentifier @NotNull ConsentRegisterId registerId,
        @NotNull Nation nation,
        @NotBlank @Size(max = 500) String reason,
        @Size(max = 200) String citation) implements ConsentRegisterCommand {
}
