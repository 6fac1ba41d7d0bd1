package org.coordination.ledger.contract.structure;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RelationshipId;
import org.coordination.ledger.contract.common.StructureId;

/** A command relationship was assigned. */
@Revision("1")
public record CommandRelationshipAssigned(
        StructureId structureId,
        RelationshipId relationshipId,
        RelationshipType type,
        PostId superiorPostId,
        PostId subordinatePostId,
        ContributionId contingentId) implements CommandStructureEvent {
}
