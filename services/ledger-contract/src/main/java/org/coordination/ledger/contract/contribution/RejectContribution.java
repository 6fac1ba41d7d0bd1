package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** The force's political authority rejects a pledge. */
public record RejectContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotBlank @Size(max = 500) String reason) implements ContributionCommand {
}
