package org.coordination.ledger.contract.contribution;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;

/** A caveat was declared; after transfer of authority it is flagged for the commander. */
@Revision("1")
public record CaveatDeclared(
        ContributionId contributionId,
        CaveatId caveatId,
        CaveatKind kind,
        String description,
        boolean flaggedForCommander) implements ContributionEvent {
}
