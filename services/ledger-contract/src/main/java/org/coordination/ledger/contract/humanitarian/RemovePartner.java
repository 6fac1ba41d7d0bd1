package org.coordination.ledger.contract.humanitarian;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** Removes a partner. */
public record RemovePartner(
        @TargetAggregateIdentifier @NotNull CoalitionId coalitionId,
        @NotNull OrganizationId organizationId,
        @NotBlank @Size(max = 500) String reason) implements HumanitarianCoalitionCommand {
}
