package org.coordination.ledger.contract.humanitarian;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** Suspends a partner with a wind-down date. */
public record SuspendPartner(
        @TargetAggregateIdentifier @NotNull CoalitionId coalitionId,
        @NotNull OrganizationId organizationId,
        @NotNull LocalDate windDownOn,
        @NotBlank @Size(max = 500) String reason) implements HumanitarianCoalitionCommand {
}
