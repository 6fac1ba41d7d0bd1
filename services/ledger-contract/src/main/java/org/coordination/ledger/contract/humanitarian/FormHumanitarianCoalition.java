package org.coordination.ledger.contract.humanitarian;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.StructureId;

/** Forms a coalition of aid partners; the cap defaults to a dozen. */
public record FormHumanitarianCoalition(
        @TargetAggregateIdentifier @NotNull CoalitionId coalitionId,
        @NotBlank @Size(max = 200) String name,
        @NotNull StructureId coordinatingStructureId,
        @Positive Integer membershipCap) implements HumanitarianCoalitionCommand {
}
