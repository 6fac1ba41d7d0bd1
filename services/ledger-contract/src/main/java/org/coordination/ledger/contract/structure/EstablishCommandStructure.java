package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;

/** Establishes a command structure, e.g. a coordination center. */
public record EstablishCommandStructure(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotBlank @Size(max = 200) String name,
        @NotNull Nation leadNation,
        @NotBlank @Size(max = 200) String location) implements CommandStructureCommand {
}
