package org.coordination.ledger.contract.structure;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** An office holder left a post. */
@Revision("1")
public record LeadRelieved(
        StructureId structureId,
        PostId postId,
        Appointee appointee,
        String reason,
        Instant effectiveAt) implements CommandStructureEvent {
}
