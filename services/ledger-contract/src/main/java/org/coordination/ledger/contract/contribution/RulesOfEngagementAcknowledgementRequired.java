package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;

/** A new ROE version must be acknowledged. */
@Revision("1")
public record RulesOfEngagementAcknowledgementRequired(
        ContributionId contributionId,
        int version) implements ContributionEvent {
}
