package org.coordination.ledger.contract.structure;

import java.time.Instant;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** An office holder took up a post. */
@Revision("1")
public record LeadAppointed(
        StructureId structureId,
        PostId postId,
        Appointee appointee,
        String appointedBy,
        String acceptedBy,
        Instant effectiveAt) implements CommandStructureEvent {
}
