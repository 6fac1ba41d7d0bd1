package org.coordination.ledger.contract.structure;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** A post was established. */
@Revision("1")
public record PostEstablished(
        StructureId structureId,
        PostId postId,
        String title,
        ServiceLine line,
        PostId parentPostId,
        String appointingAuthority,
        String acceptanceAuthority,
        Eligibility eligibility) implements CommandStructureEvent {
}
