package org.coordination.ledger.contract.humanitarian;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** An organization was excluded. */
@Revision("1")
public record OrganizationExcluded(
        CoalitionId coalitionId,
        OrganizationId organizationId,
        String decidedBy,
        String legalBasis,
        String contraryAuthority) implements HumanitarianCoalitionEvent {
}
