package org.coordination.ledger.contract.humanitarian;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** A partner was suspended. */
@Revision("1")
public record PartnerSuspended(
        CoalitionId coalitionId,
        OrganizationId organizationId,
        LocalDate windDownOn,
        String reason) implements HumanitarianCoalitionEvent {
}
