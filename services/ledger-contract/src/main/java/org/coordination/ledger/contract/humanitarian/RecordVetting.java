package org.coordination.ledger.contract.humanitarian;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** Records a vetting result. */
public record RecordVetting(
        @TargetAggregateIdentifier @NotNull CoalitionId coalitionId,
        @NotNull OrganizationId organizationId,
        @NotBlank @Size(max = 200) String authority,
        @NotNull VettingResult result,
        @NotNull LocalDate validUntil) implements HumanitarianCoalitionCommand {
}
