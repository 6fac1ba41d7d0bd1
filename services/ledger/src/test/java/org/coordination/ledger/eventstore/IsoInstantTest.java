package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IsoInstant} reads every instant exactly as {@link Instant#parse} does, and refuses what it refuses; writes an
 * event's {@code time_stamp} to the character as Axon's engine does (the hash chain covers that text).
 */
class IsoInstantTest {

    private static final long FIRST_SECOND = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /** A second anywhere in the years the ledger writes, 1 to 9999. */
    private static long anySecond(Random random) {
        return FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND));
    }

    @Test
    void readsWhatInstantWritesAcrossTheLedgersYears() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int[] precisions = {0, 1_000_000, 1_000, 1};
            int step = precisions[i % precisions.length];
            int nanos = step == 0 ? 0 : random.nextInt(1_000_000_000 / step) * step;
            Instant instant = Instant.ofEpochSecond(anySecond(random), nanos);
            String text = instant.toString();
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(Instant.parse(text)).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-18T08:00:00Z", "2025-11-18T08:00:00.1Z", "2025-11-18T08:00:00.12Z", "2025-11-18T08:00:00.1234Z",
            "2025-11-18T08:00:00.12345Z", "2025-11-18T08:00:00.1234567Z", "2025-11-18T08:00:00.12345678Z",
            "2025-11-18T08:00:00.123456789Z", "2024-02-29T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
            "2025-11-18T08:00:00+02:00", "2025-11-18T08:00:00.5+01:00", "2016-12-31T23:59:60Z", "+10000-01-01T00:00:00Z",
            "2025-11-18T24:00:00Z", "2025-11-18T08:00:00.Z"})
    void readsEveryOtherShapeAsInstantParseDoes(String text) {
        assertThat(IsoInstant.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-02-30T08:00:00Z", "2025-13-01T08:00:00Z", "2025-11-18T08:60:00Z",
            "2025-11-18T08:00:00.1234567890Z", "2025-11-18 08:00:00Z", "2025-1a-18T08:00:00Z",
            "2025-11-18T08:00:00", "yesterday", "2025-11-18T08:00:0xZ"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstant.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void writesAnEventsTimeStampAsAxonDoesAcrossTheLedgersYears() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(anySecond(random), random.nextInt(1_000_000_000));
            assertThat(IsoInstant.formatMillis(instant)).as(instant.toString()).isEqualTo(DateTimeUtils.formatInstant(instant));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-11-18T08:00:00Z", "2025-11-18T08:00:00.000999999Z", "2025-11-18T08:00:00.999999999Z",
            "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "0000-06-01T00:00:00Z", "-0043-03-15T12:00:00.5Z",
            "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"})
    void writesEveryEdgeAsAxonDoes(String instant) {
        assertThat(IsoInstant.formatMillis(Instant.parse(instant))).isEqualTo(DateTimeUtils.formatInstant(Instant.parse(instant)));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "2025-11-18T08:00:00Z, 2025-11-18 08:00:00.000000+00",
            "2025-11-18T08:00:00.123456500Z, 2025-11-18 08:00:00.123457+00",
            "2025-11-18T08:00:00.123456499Z, 2025-11-18 08:00:00.123456+00",
            "2025-12-31T23:59:59.999999500Z, 2026-01-01 00:00:00.000000+00",
            "1969-12-31T23:59:59.000001Z, 1969-12-31 23:59:59.000001+00",
            "0001-01-01T00:00:00Z, 0001-01-01 00:00:00.000000+00",
            "0000-12-31T00:00:00Z, 0001-12-31 00:00:00.000000+00 BC",
            "-0043-03-15T12:00:00Z, 0044-03-15 12:00:00.000000+00 BC",
            "+12025-06-01T00:00:00Z, 12025-06-01 00:00:00.000000+00"})
    void writesInstantsAsPostgresReadsATimestampRoundedToTheMicrosecond(String instant, String written) {
        StringBuilder out = new StringBuilder();
        IsoInstant.appendMicros(out, Instant.parse(instant));
        assertThat(out).hasToString(written);
    }
}
