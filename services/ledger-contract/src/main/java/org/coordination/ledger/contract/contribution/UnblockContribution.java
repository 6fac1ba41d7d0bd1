package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.PartyId;

/** Lifts a party's block (sent by policies). */
public record UnblockContribution(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotNull PartyId party) implements ContributionCommand {
}
