package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;

/** A met condition is open again. */
@Revision("1")
public record ConditionReopened(
        ContributionId contributionId,
        Condition condition,
        String cause,
        ContributionState state) implements ContributionEvent {
}
