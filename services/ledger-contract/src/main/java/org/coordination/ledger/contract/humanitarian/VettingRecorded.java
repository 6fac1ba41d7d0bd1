package org.coordination.ledger.contract.humanitarian;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** A vetting result was recorded. */
@Revision("1")
public record VettingRecorded(
        CoalitionId coalitionId,
        OrganizationId organizationId,
        String authority,
        VettingResult result,
        LocalDate validUntil) implements HumanitarianCoalitionEvent {
}
