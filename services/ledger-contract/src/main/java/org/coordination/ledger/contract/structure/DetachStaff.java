package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.RecordedNation;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.common.Personnel;

/** Detaches staff. */
public record DetachStaff(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotNull @RecordedNation Nation nation,
        @Positive @Max(Personnel.MAX) int personnel) implements CommandStructureCommand {
}
