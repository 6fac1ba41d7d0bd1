package org.coordination.ledger.contract.humanitarian;

import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.LedgerEvent;

/** Every event of the HumanitarianCoalition aggregate; sealed so that handlers can switch exhaustively. */
public sealed interface HumanitarianCoalitionEvent extends LedgerEvent
        permits HumanitarianCoalitionFormed,
        PartnerAdmitted,
        AdmissionDenied,
        MembershipCapSet,
        VettingRecorded,
        PartnerSuspended,
        PartnerRemoved,
        OrganizationExcluded,
        ExclusionLifted {

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
