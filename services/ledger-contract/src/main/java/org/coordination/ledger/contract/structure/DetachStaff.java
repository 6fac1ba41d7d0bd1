package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;

/** Detaches staff. */
public record DetachStaff(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotNull Nation nation,
        @Positive int personnel) implements CommandStructureCommand {
}
