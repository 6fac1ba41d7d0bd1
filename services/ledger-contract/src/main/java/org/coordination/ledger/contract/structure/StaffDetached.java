package org.coordination.ledger.contract.structure;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;

/** Staff were detached. */
@Revision("1")
public record StaffDetached(
        StructureId structureId,
        Nation nation,
        int personnel,
        int nationTotal) implements CommandStructureEvent {
}
