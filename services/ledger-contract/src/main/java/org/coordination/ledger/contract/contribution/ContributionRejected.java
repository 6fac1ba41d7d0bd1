package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;

/** The pledge was rejected. */
@Revision("1")
public record ContributionRejected(
        ContributionId contributionId,
        ForceId forceId,
        Nation nation,
        String reason) implements ContributionEvent {
}
