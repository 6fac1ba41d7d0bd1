package org.coordination.ledger.contract.force;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** A force was activated. */
@Revision("1")
public record ForceActivated(
        ForceId forceId,
        MandateId mandateId,
        StructureId structureId,
        PostId commanderPostId,
        int roeVersion) implements ForceEvent {
}
