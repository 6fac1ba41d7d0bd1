package org.coordination.ledger.contract.force;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.common.Personnel;

/** Adds a nationality-neutral requirement line. */
public record DefineForceRequirement(
        @TargetAggregateIdentifier @NotNull ForceId forceId,
        @NotNull RequirementLineId lineId,
        @NotBlank @Size(max = 200) String capability,
        @Positive @Max(Personnel.MAX) int personnel,
        @Size(max = 200) String sector) implements ForceCommand {
}
