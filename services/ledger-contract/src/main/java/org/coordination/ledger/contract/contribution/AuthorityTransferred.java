package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** Authority over the contingent was transferred; the pledge is deployed. */
@Revision("1")
public record AuthorityTransferred(
        ContributionId contributionId,
        ForceId forceId,
        Nation nation,
        AuthorityLevel authority,
        StructureId structureId,
        PostId postId) implements ContributionEvent {
}
