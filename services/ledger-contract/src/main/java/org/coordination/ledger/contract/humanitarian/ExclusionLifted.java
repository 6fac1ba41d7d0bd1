package org.coordination.ledger.contract.humanitarian;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** An exclusion was lifted. */
@Revision("1")
public record ExclusionLifted(
        CoalitionId coalitionId,
        OrganizationId organizationId,
        String decidedBy,
        String reason) implements HumanitarianCoalitionEvent {
}
