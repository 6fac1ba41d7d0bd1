package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.coordination.ledger.contract.common.Nation;

/** An office holder: name and title only, never other personal data. */
public record Appointee(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Size(max = 200) String titleOrRank,
        @NotNull Nation nationality,
        @Size(max = 200) String parentOrganization,
        @NotNull ServiceLine service) {
}
