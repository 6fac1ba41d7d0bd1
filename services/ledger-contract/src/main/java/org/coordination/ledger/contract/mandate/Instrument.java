package org.coordination.ledger.contract.mandate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** The document a decision rests on, e.g. S/RES/2803 (2025). */
public record Instrument(
        @NotNull IssuingBody issuingBody,
        @NotBlank @Size(max = 100) String symbol,
        @NotNull LocalDate adoptedOn,
        @Valid Vote vote) {
}
