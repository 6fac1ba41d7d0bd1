package org.coordination.ledger.contract.structure;

import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.common.LedgerEvent;

/** Every event of the CommandStructure aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface CommandStructureEvent extends LedgerEvent
        permits CommandStructureEstablished,
        PostEstablished,
        LeadAppointed,
        LeadRelieved,
        CommandRelationshipAssigned,
        CommandRelationshipRevoked,
        StaffAttached,
        StaffDetached {

    StructureId structureId();

    @Override
    default String aggregateType() {
        return "CommandStructure";
    }

    @Override
    default String aggregateId() {
        return structureId().value();
    }
}
