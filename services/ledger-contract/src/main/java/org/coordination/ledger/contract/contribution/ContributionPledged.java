package org.coordination.ledger.contract.contribution;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.Nation;

/**
 * A nation pledged units to a force; CONDITIONAL while conditions are open. Revision 2: each unit carries
 * its rotation, and the personnel offered are the sum of the units' (revision 1 stored that sum in a field
 * of its own; {@code org.coordination.ledger.contract.revision} turns it into this shape).
 */
@Revision("2")
public record ContributionPledged(
        ContributionId contributionId,
        ForceId forceId,
        Nation nation,
        List<ContributedUnit> units,
        Readiness readiness,
        List<Condition> conditions,
        AuthorityLevel authorityOffered,
        ContributionState state) implements ContributionEvent {

    public ContributionPledged {
        units = Lists.immutable(units);
        conditions = Lists.immutable(conditions);
    }

    /** The personnel offered: the sum of the units'. */
    public int personnel() {
        return units == null ? 0 : units.stream().mapToInt(ContributedUnit::personnel).sum();
    }
}
