package org.coordination.ledger.contract.structure;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.RelationshipId;
import org.coordination.ledger.contract.common.StructureId;

/** A command relationship was revoked. */
@Revision("1")
public record CommandRelationshipRevoked(
        StructureId structureId,
        RelationshipId relationshipId,
        String reason) implements CommandStructureEvent {
}
