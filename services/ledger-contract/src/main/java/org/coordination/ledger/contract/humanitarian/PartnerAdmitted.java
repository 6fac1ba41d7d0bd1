package org.coordination.ledger.contract.humanitarian;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.OrganizationId;

/** An organization was admitted. */
@Revision("1")
public record PartnerAdmitted(
        CoalitionId coalitionId,
        OrganizationId organizationId,
        String name,
        OrganizationType type,
        List<String> clusters,
        int activeMembers) implements HumanitarianCoalitionEvent {

    public PartnerAdmitted {
        clusters = Lists.immutable(clusters);
    }
}
