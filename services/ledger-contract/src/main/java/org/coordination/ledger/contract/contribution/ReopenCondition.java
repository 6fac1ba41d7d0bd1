package org.coordination.ledger.contract.contribution;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** Marks a met condition as open again (sent by policies). */
public record ReopenCondition(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotNull @Valid Condition condition,
        @NotBlank @Size(max = 500) String cause) implements ContributionCommand {
}
