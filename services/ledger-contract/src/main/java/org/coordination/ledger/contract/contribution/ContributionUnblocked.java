package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.PartyId;

/** A party's block was lifted. */
@Revision("1")
public record ContributionUnblocked(
        ContributionId contributionId,
        PartyId party) implements ContributionEvent {
}
