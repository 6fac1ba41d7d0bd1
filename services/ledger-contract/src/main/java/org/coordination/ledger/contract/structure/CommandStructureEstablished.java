package org.coordination.ledger.contract.structure;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;

/** A command structure was established. */
@Revision("1")
public record CommandStructureEstablished(
        StructureId structureId,
        String name,
        Nation leadNation,
        String location) implements CommandStructureEvent {
}
