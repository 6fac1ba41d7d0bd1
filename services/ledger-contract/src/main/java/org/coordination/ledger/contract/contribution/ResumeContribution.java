package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** The coordinator resumes a suspended pledge: it returns to the state it had before the suspension. */
public record ResumeContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotBlank @Size(max = 500) String reason) implements ContributionCommand {
}
