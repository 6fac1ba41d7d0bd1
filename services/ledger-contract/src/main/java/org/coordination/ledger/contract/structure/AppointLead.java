package org.coordination.ledger.contract.structure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** Appoints an office holder; a filled post's incumbent is relieved in the same command. */
public record AppointLead(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotNull PostId postId,
        @NotNull @Valid Appointee appointee,
        @NotBlank @Size(max = 200) String appointedBy,
        @Size(max = 200) String acceptedBy) implements CommandStructureCommand {
}
