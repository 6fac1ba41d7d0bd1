package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.Personnel;

/** Commits personnel to the force. */
public record CommitContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @Positive @Max(Personnel.MAX) int personnel) implements ContributionCommand {
}
