package org.coordination.ledger.contract.humanitarian;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CoalitionId;

/** The cap changed. */
@Revision("1")
public record MembershipCapSet(
        CoalitionId coalitionId,
        int membershipCap) implements HumanitarianCoalitionEvent {
}
