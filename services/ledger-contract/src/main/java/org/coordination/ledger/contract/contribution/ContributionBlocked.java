package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.PartyId;

/** A party's objection blocks the pledge. */
@Revision("1")
public record ContributionBlocked(
        ContributionId contributionId,
        PartyId party,
        String reason) implements ContributionEvent {
}
