package org.coordination.ledger.contract.contribution;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.common.Personnel;

/**
 * A unit offered against a requirement line, with its rotation; the rotation is null when the pledge
 * did not state one (every pledge recorded before revision 2 of {@link ContributionPledged}).
 */
public record ContributedUnit(
        @NotNull RequirementLineId requirementLine,
        @NotBlank @Size(max = 200) String type,
        @Positive @Max(Personnel.MAX) int personnel,
        @Valid Rotation rotation) {

    /** A unit whose rotation is not stated. */
    public ContributedUnit(RequirementLineId requirementLine, String type, int personnel) {
        this(requirementLine, type, personnel, null);
    }
}
