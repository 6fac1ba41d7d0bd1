package org.coordination.ledger.contract.force;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.Personnel;

/** Plans a force; its mandate may not be authorized yet. */
public record EstablishForce(
        @TargetAggregateIdentifier @NotNull ForceId forceId,
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String politicalAuthority,
        @NotNull Nation leadNation,
        @NotNull CommandModel commandModel,
        @Positive @Max(Personnel.MAX) int plannedStrength,
        @NotNull MandateId mandateId) implements ForceCommand {
}
