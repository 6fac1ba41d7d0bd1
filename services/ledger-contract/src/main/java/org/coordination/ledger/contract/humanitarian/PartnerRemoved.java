package org.coordination.ledger.contract.humanitarian;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** A partner was removed. */
@Revision("1")
public record PartnerRemoved(
        CoalitionId coalitionId,
        OrganizationId organizationId,
        String reason) implements HumanitarianCoalitionEvent {
}
