package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** Commits personnel to the force. */
public record CommitContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @Positive int personnel) implements ContributionCommand {
}
