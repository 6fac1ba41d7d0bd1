package org.coordination.ledger.contract.force;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;

/** A force was established. */
@Revision("1")
public record ForceEstablished(
        ForceId forceId,
        String name,
        String politicalAuthority,
        Nation leadNation,
        CommandModel commandModel,
        int plannedStrength,
        MandateId mandateId) implements ForceEvent {
}
