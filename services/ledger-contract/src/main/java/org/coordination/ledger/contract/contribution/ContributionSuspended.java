package org.coordination.ledger.contract.contribution;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;

/**
 * The pledge was suspended ({@link ContributionState#SUSPENDED}); {@code suspendedFrom} is the state it
 * was in, {@code caveatId} the caveat the suspension rests on (absent for an investigation or another
 * reason).
 */
@Revision("1")
public record ContributionSuspended(
        ContributionId contributionId,
        ForceId forceId,
        Nation nation,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) CaveatId caveatId,
        ContributionState suspendedFrom) implements ContributionEvent {
}
