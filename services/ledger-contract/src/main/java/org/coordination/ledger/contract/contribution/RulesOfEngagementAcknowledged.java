package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;

/** The contributor acknowledged an ROE version. */
@Revision("1")
public record RulesOfEngagementAcknowledged(
        ContributionId contributionId,
        ForceId forceId,
        int version) implements ContributionEvent {
}
