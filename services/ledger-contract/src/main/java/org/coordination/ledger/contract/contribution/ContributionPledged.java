package org.coordination.ledger.contract.contribution;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.Nation;

/** A nation pledged units to a force; CONDITIONAL while conditions are open. */
@Revision("1")
public record ContributionPledged(
        ContributionId contributionId,
        ForceId forceId,
        Nation nation,
        List<ContributedUnit> units,
        int personnel,
        Readiness readiness,
        List<Condition> conditions,
        AuthorityLevel authorityOffered,
        ContributionState state) implements ContributionEvent {

    public ContributionPledged {
        units = Lists.immutable(units);
        conditions = Lists.immutable(conditions);
    }
}
