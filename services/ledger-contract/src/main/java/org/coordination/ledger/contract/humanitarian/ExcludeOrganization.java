package org.coordination.ledger.contract.humanitarian;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;

/** Excludes an organization; a contrary authority is kept on record. */
public record ExcludeOrganization(
        @TargetAggregateIdentifier @NotNull CoalitionId coalitionId,
        @NotNull OrganizationId organizationId,
        @NotBlank @Size(max = 200) String decidedBy,
        @NotBlank @Size(max = 500) String legalBasis,
        @Size(max = 500) String contraryAuthority) implements HumanitarianCoalitionCommand {
}
