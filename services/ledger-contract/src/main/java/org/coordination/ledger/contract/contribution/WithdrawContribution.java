package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** The contributor withdraws its pledge. */
public record WithdrawContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotBlank @Size(max = 500) String reason) implements ContributionCommand {
}
