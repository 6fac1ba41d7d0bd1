package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;

/** An alert was raised on a deployed pledge. */
@Revision("1")
public record ContributionFlagged(
        ContributionId contributionId,
        String reason) implements ContributionEvent {
}
