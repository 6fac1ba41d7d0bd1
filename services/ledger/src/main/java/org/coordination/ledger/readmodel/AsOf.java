package org.coordination.ledger.readmodel;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.coordination.ledger.problem.ApiProblem;

/**
 * The two times a read may ask about: {@code asOf} (effective time: the world as it stood then) and
 * {@code recordedAsOf} (recorded time: what the ledger knew then). A date as {@code asOf} means the
 * whole of that day.
 */
public record AsOf(Instant effective, Instant recorded) {

    public static final AsOf NOW = new AsOf(null, null);

    /**
     * The times the ledger accepts: years 1 to 9999. Beyond them PostgreSQL's timestamps end (or JDBC's
     * conversion overflows), and a read would fail in the database instead of being refused here.
     */
    public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public static AsOf parse(String asOf, String recordedAsOf) {
        return new AsOf(effective("asOf", asOf), recorded(recordedAsOf));
    }

    /** An effective time read from the parameter {@code field}: an instant, or a date meaning the end of that day. */
    public static Instant effective(String field, String value) {
        return effective(field, value, true);
    }

    /**
     * The start of an effective-time range read from the parameter {@code field}: an instant, or a date meaning the
     * start of that day (so that {@code from=2025-11-17&to=2025-11-17} is the whole of that day).
     */
    public static Instant effectiveFrom(String field, String value) {
        return effective(field, value, false);
    }

    private static Instant effective(String field, String value, boolean dayEnd) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                LocalDate day = LocalDate.parse(value);
                // a date as a point in time: the world at the end of that day; as a range's start: its first instant
                instant = dayEnd ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1)
                        : day.atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeException notADate) { // unparsable, or a date whose next day is beyond Java's calendar
                throw ApiProblem.invalidField(field, "must be an ISO-8601 instant (2025-11-01T12:00:00Z) or date (2025-11-01)");
            }
        }
        return inRange(field, instant);
    }

    public static Instant inRange(String field, Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw ApiProblem.invalidField(field, "must lie between the years 0001 and 9999");
        }
        return instant;
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

    private static Instant recorded(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return inRange("recordedAsOf", Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalidField("recordedAsOf", "must be an ISO-8601 instant such as 2025-11-18T08:00:00Z");
        }
    }
}
