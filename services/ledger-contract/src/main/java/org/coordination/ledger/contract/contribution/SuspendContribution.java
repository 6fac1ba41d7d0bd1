package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;

/**
 * The coordinator suspends a pledge while a caveat or an investigation is open: it stops counting
 * toward the ceiling and can be neither committed nor deployed until it is resumed. {@code caveatId}
 * names the caveat of this pledge the suspension rests on, if it rests on one; the document it cites
 * travels as the command's provenance ({@code citation}), like every command's.
 */
public record SuspendContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotBlank @Size(max = 500) String reason,
        CaveatId caveatId) implements ContributionCommand {
}
