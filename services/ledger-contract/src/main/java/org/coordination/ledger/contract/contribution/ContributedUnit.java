package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.coordination.ledger.contract.common.RequirementLineId;

/** A unit offered against a requirement line. */
public record ContributedUnit(
        @NotNull RequirementLineId requirementLine,
        @NotBlank @Size(max = 200) String type,
        @Positive int personnel) {
}
