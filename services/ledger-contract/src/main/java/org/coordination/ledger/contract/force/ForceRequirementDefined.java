package org.coordination.ledger.contract.force;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.RequirementLineId;

/** A requirement line was added to a force. */
@Revision("1")
public record ForceRequirementDefined(
        ForceId forceId,
        RequirementLineId lineId,
        String capability,
        int personnel,
        String sector) implements ForceEvent {
}
