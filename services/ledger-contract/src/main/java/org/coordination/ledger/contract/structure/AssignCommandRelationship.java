package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RelationshipId;
import org.coordination.ledger.contract.common.StructureId;

/** A post takes a typed relationship over another post or over a national contingent. */
public record AssignCommandRelationship(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotNull RelationshipId relationshipId,
        @NotNull RelationshipType type,
        @NotNull PostId superiorPostId,
        PostId subordinatePostId,
        ContributionId contingentId) implements CommandStructureCommand {
}
