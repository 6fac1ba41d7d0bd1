package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** Relieves the office holder without a successor. */
public record VacatePost(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotNull PostId postId,
        @NotBlank @Size(max = 500) String reason) implements CommandStructureCommand {
}
