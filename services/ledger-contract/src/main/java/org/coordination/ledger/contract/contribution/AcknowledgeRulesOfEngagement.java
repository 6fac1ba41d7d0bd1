package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** The contributor acknowledges an ROE version. */
public record AcknowledgeRulesOfEngagement(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @Positive int version) implements ContributionCommand {
}
