package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;

/** A condition was met. */
@Revision("1")
public record ConditionSatisfied(
        ContributionId contributionId,
        Condition condition,
        String cause,
        ContributionState state) implements ContributionEvent {
}
