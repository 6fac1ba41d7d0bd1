package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.common.Personnel;

/** Attaches a nation's staff to the structure (not a force contribution). */
public record AttachStaff(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotNull Nation nation,
        @Positive @Max(Personnel.MAX) int personnel,
        @Size(max = 200) String role) implements CommandStructureCommand {
}
