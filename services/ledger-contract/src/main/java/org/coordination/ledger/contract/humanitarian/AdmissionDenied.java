package org.coordination.ledger.contract.humanitarian;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** An admission was refused as a policy decision (the organization is excluded). */
@Revision("1")
public record AdmissionDenied(
        CoalitionId coalitionId,
        OrganizationId organizationId,
        String name,
        String rule,
        String reason) implements HumanitarianCoalitionEvent {
}
