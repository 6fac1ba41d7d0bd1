package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.PartyId;

/** Blocks a pledge because a party objects to its nation (sent by policies). */
public record BlockContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotNull PartyId party,
        @NotBlank @Size(max = 500) String reason) implements ContributionCommand {
}
