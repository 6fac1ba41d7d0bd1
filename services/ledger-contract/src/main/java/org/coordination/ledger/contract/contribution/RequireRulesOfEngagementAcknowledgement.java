package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;

/** Tells a pledge that a new ROE version must be acknowledged (sent by policies). */
public record RequireRulesOfEngagementAcknowledgement(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @Positive int version) implements ContributionCommand {
}
