package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a real PostgreSQL: {@link RecentlyStored#CONDITION} says of a stored stamp what a parse of it says, whichever
 * shape it is in, the ledger's own (compared as bytes) or another (cast).
 */
class RecentlyStoredIT {

    /** A clock reading with a fraction finer than the store's milliseconds, to bring out the bound's cut. */
    static final Instant NOW = Instant.parse("2026-12-07T23:46:00.123456789Z");

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void theBoundIsTheClockLessTheGapTimeoutCutToTheMillisecond() {
        RecentlyStored recent = RecentlyStored.at(NOW);

        assertThat(recent.text()).isEqualTo("2026-12-07T23:41:00.123Z");
        assertThat(recent.time()).isEqualTo(OffsetDateTime.parse("2026-12-07T23:41:00.123Z"));
    }

    @Test
    void stampsNearTheBoundInEveryShapeAreJudgedAsTheirParseIs() throws SQLException {
        List<String> stamps = List.of(
                "2026-12-07T23:41:00.122Z", "2026-12-07T23:41:00.123Z", "2026-12-07T23:41:00.124Z", // the ledger's shape
                "2026-12-07T23:40:59.999Z", "2026-12-07T23:41:01.000Z", "2026-12-06T23:59:59.999Z", "2027-01-01T00:00:00.000Z",
                "2026-12-07T23:41:00Z", "2026-12-07T23:41:01Z", // no fraction
                "2026-12-07T23:41:00.1234Z", "2026-12-07T23:41:00.1229Z", "2026-12-07T23:41:00.123001Z", "2026-12-07T23:41:00.12Z",
                "2026-12-07T23:41:00.123+00:00", "2026-12-08T00:41:00.124+01:00", "2026-12-08T00:41:00.122+01:00", // offsets
                "2026-12-07T22:41:00.124-01:00");

        Map<String, Boolean> judged = judge(RecentlyStored.at(NOW), stamps);

        Instant bound = NOW.minus(EngineTokens.GAP_TIMEOUT).truncatedTo(ChronoUnit.MILLIS);
        for (String stamp : stamps) {
            assertThat(judged.get(stamp)).as(stamp).isEqualTo(OffsetDateTime.parse(stamp).toInstant().isAfter(bound));
        }
        assertThat(judged.values()).contains(true, false);
    }

    @Test
    void randomStampsAreJudgedAsThePreviousCastOfEachRowJudgedThem() throws SQLException {
        Random random = new Random(88);
        RecentlyStored recent = RecentlyStored.at(NOW);
        Set<String> stamps = new LinkedHashSet<>(); // each once: a stamp is the key of what is said of it
        for (int i = 0; i < 4_000; i++) {
            Instant at = NOW.minus(EngineTokens.GAP_TIMEOUT).plusNanos(random.nextLong(-3_000_000_000L, 3_000_000_000L));
            stamps.add(i % 2 == 0 ? IsoInstant.formatMillis(at) : at.truncatedTo(ChronoUnit.MICROS).toString());
        }

        Map<String, Boolean> judged = judge(recent, List.copyOf(stamps));
        Map<String, Boolean> cast = new LinkedHashMap<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT time_stamp, time_stamp::timestamptz > ? FROM unnest(?::text[]) AS stored(time_stamp)")) {
            statement.setObject(1, recent.time());
            statement.setArray(2, connection.createArrayOf("text", stamps.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    cast.put(rows.getString(1), rows.getBoolean(2));
                }
            }
        }

        assertThat(judged).isEqualTo(cast);
        assertThat(judged.values()).contains(true, false);
    }

    @Test
    void aStampInTheLedgersShapeIsComparedWithoutBeingParsed() throws SQLException {
        // no such day: a cast would fail the statement; the comparison as bytes places it after the bound's day
        assertThat(judge(RecentlyStored.at(NOW), List.of("2026-12-31T25:00:00.000Z"))).containsEntry("2026-12-31T25:00:00.000Z", true);
    }

    /** Each stamp with what {@link RecentlyStored#CONDITION} says of it. */
    private static Map<String, Boolean> judge(RecentlyStored recent, List<String> stamps) throws SQLException {
        Map<String, Boolean> judged = new LinkedHashMap<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT time_stamp, " + RecentlyStored.CONDITION + " FROM unnest(?::text[]) AS stored(time_stamp)")) {
            statement.setObject(1, recent.text());
            statement.setObject(2, recent.time());
            statement.setArray(3, connection.createArrayOf("text", stamps.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    judged.put(rows.getString(1), rows.getBoolean(2));
                }
            }
        }
        assertThat(judged).hasSize(stamps.size());
        return judged;
    }
}
