package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/**
 * How a unit is relieved in place: a relief every so many months ({@code months}), the first due on {@code firstDue}
 * (troop-contributing nations rotate contingents, typically every six or twelve months).
 */
public record Rotation(
        @Min(1) @Max(24) int months,
        @NotNull LocalDate firstDue) {
}
