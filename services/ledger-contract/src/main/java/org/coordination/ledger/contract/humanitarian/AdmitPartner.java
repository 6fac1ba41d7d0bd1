package org.coordination.ledger.contract.humanitarian;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.OrganizationId;

/** Admits an organization as a partner. */
public record AdmitPartner(
        @TargetAggregateIdentifier @NotNull CoalitionId coalitionId,
        @NotNull OrganizationId organizationId,
        @NotBlank @Size(max = 200) String name,
        @NotNull OrganizationType type,
        List<@NotBlank @Size(max = 64) String> clusters) implements HumanitarianCoalitionCommand {

    public AdmitPartner {
        clusters = Lists.immutable(clusters);
    }
}
