package org.coordination.ledger.contract.humanitarian;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.StructureId;

/** A coalition was formed. */
@Revision("1")
public record HumanitarianCoalitionFormed(
        CoalitionId coalitionId,
        String name,
        StructureId coordinatingStructureId,
        int membershipCap) implements HumanitarianCoalitionEvent {
}
