package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;

/** A caveat was lifted. */
@Revision("1")
public record CaveatLifted(
        ContributionId contributionId,
        CaveatId caveatId) implements ContributionEvent {
}
