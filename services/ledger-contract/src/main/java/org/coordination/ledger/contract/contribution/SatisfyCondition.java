package org.coordination.ledger.contract.contribution;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** Marks a condition as met (sent by policies). */
public record SatisfyCondition(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotNull @Valid Condition condition,
        @NotBlank @Size(max = 500) String cause) implements ContributionCommand {
}
