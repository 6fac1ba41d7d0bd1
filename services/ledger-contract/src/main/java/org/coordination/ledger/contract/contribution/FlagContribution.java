package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** Raises an alert on a deployed pledge for people to decide (sent by policies). */
public record FlagContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotBlank @Size(max = 500) String reason) implements ContributionCommand {
}
