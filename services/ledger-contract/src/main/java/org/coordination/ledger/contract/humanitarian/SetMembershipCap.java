package org.coordination.ledger.contract.humanitarian;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CoalitionId;

/** Changes the membership cap. */
public record SetMembershipCap(
        @TargetAggregateIdentifier @NotNull CoalitionId coalitionId,
        @Positive int membershipCap) implements HumanitarianCoalitionCommand {
}
