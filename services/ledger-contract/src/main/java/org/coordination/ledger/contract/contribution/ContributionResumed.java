package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;

/**
 * The suspension was lifted; {@code state} is the state the pledge returns to: the one it was suspended
 * from, unless a condition was met or reopened meanwhile (then {@code OFFERED} or {@code CONDITIONAL}).
 */
@Revision("1")
public record ContributionResumed(
        ContributionId contributionId,
        ForceId forceId,
        Nation nation,
        String reason,
        ContributionState state) implements ContributionEvent {
}
