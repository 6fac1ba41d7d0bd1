package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.RelationshipId;
import org.coordination.ledger.contract.common.StructureId;

/** Revokes a command relationship. */
public record RevokeCommandRelationship(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotNull RelationshipId relationshipId,
        @NotBlank @Size(max = 500) String reason) implements CommandStructureCommand {
}
