package org.coordination.ledger.contract.humanitarian;

import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.LedgerCommand;

/** Every command of the HumanitarianCoalition aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface HumanitarianCoalitionCommand extends LedgerCommand
        permits FormHumanitarianCoalition,
        AdmitPartner,
        SetMembershipCap,
        RecordVetting,
        SuspendPartner,
        RemovePartner,
        ExcludeOrganization,
        LiftExclusion {

    CoalitionId coalitionId();

    @Override
    default String aggregateType() {
        return "HumanitarianCoalition";
    }

    @Override
    default String aggregateId() {
        return coalitionId().value();
    }
}
