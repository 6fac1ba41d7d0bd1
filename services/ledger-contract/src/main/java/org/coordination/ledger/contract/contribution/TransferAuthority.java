package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** Transfers authority over the contingent to a command post; the pledge becomes deployed. */
public record TransferAuthority(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotNull AuthorityLevel authority,
        @NotNull StructureId structureId,
        @NotNull PostId postId) implements ContributionCommand {
}
