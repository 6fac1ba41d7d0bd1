package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;

/** Declares a national caveat. */
public record DeclareCaveat(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotNull CaveatId caveatId,
        @NotNull CaveatKind kind,
        @NotBlank @Size(max = 500) String description) implements ContributionCommand {
}
