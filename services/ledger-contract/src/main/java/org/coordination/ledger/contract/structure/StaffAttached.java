package org.coordination.ledger.contract.structure;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;

/** Staff were attached. */
@Revision("1")
public record StaffAttached(
        StructureId structureId,
        Nation nation,
        int personnel,
        String role,
        int nationTotal) implements CommandStructureEvent {
}
