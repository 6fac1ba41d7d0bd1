package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;

/** Personnel were committed. */
@Revision("1")
public record ContributionCommitted(
        ContributionId contributionId,
        ForceId forceId,
        Nation nation,
        int personnel,
        int roeVersion) implements ContributionEvent {
}
