package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;

/** Lifts a declared caveat. */
public record LiftCaveat(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotNull CaveatId caveatId) implements ContributionCommand {
}
