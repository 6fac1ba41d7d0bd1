package org.coordination.ledger.readmodel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.coordination.ledger.web.ApiProblem;

/**
 * The two times a read may ask about: {@code asOf} (effective time: the world as it stood then) and
 * {@code recordedAsOf} (recorded time: what the ledger knew then). A date as {@code asOf} means the
 * whole of that day.
 */
public record AsOf(Instant effective, Instant recorded) {

    public static final AsOf NOW = new AsOf(null, null);

    public static AsOf parse(String asOf, String recordedAsOf) {
        return new AsOf(effective(asOf), recorded(recordedAsOf));
    }

    public boolean isCurrent() {
        return effective == null && recorded == null;
    }

    public boolean includes(EventEnvelope envelope) {
        return (effective == null || !envelope.effectiveAt().isAfter(effective))
                && (recorded == null || !envelope.recordedAt().isAfter(recorded));
    }

    /** The day views compute "days to expiry" and similar against. */
    public LocalDate referenceDate(LocalDate today) {
        return effective == null ? today : LocalDate.ofInstant(effective, ZoneOffset.UTC);
    }

    private static Instant effective(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                // a date: the world at the end of that day
                return LocalDate.parse(value).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1);
            } catch (DateTimeParseException notADate) {
                throw ApiProblem.invalidField("asOf", "must be an ISO-8601 instant (2025-11-01T12:00:00Z) or date (2025-11-01)");
            }
        }
    }

    private static Instant recorded(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField("recordedAsOf", "must be an ISO-8601 instant such as 2025-11-18T08:00:00Z");
        }
    }
}
