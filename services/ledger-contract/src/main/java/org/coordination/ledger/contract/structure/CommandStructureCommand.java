package org.coordination.ledger.contract.structure;

import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.common.LedgerCommand;

/** Every command of the CommandStructure aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface CommandStructureCommand extends LedgerCommand
        permits EstablishCommandStructure,
        EstablishPost,
        AppointLead,
        VacatePost,
        AssignCommandRelationship,
        RevokeCommandRelationship,
        AttachStaff,
        DetachStaff {

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
