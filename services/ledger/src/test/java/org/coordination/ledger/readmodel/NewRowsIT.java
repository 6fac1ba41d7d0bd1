package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A rebuild writes the read side's rows by COPY, the live processor by INSERT: the same rows must come
 * out of both, whatever their text and times hold.
 */
class NewRowsIT {

    static EmbeddedPostgres postgres;
    static JdbcTemplate jdbc;

    static final List<String> COLUMNS = List.of("id", "at", "label", "note", "payload");

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start();
        jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
        for (String table : List.of("inserted", "copied")) {
            jdbc.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, at TIMESTAMPTZ NOT NULL, label VARCHAR(64) NOT NULL, "
                    + "note VARCHAR(256), payload JSONB NOT NULL)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    /**
     * Times from the Gregorian calendar's first full year on: before it the driver writes a {@link Timestamp}
     * in the Julian calendar ({@link java.util.GregorianCalendar}), unlike {@link Instant}.
     */
    static List<Object[]> rows() {
        List<Object[]> rows = new ArrayList<>();
        String[] texts = {"plain", "tab\there", "new\nline", "carriage\rreturn", "back\\slash", "\\N", "ünïcødé ✓ 日本", "", "quote \" '", "beyond the basic plane 😀 𝄞", "a\\b\tc\nd\re ünï\\"};
        Instant[] instants = {Instant.parse("2025-11-18T08:00:00Z"), Instant.parse("2025-11-18T08:00:00.123456500Z"),
                Instant.parse("2025-11-18T08:00:00.123456499Z"), Instant.parse("2025-12-31T23:59:59.999999500Z"),
                Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.000001Z"), Instant.parse("1583-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("+12025-06-01T00:00:00Z")};
        long id = 0;
        for (String text : texts) {
            for (Instant instant : instants) {
                rows.add(new Object[] {id++, Timestamp.from(instant), text, id % 3 == 0 ? null : text + " note",
                        "{\"text\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t").replace("\n", "\\n")
                                .replace("\r", "\\r") + "\",\"n\":" + id + "}"});
            }
        }
        // a row longer than the copy's buffer (64 KB), with escapes all along it
        rows.add(new Object[] {id++, Timestamp.from(instants[0]), "long", null, "{\"long\":\"" + "x\\t".repeat(30_000) + "\"}"});
        Random random = new Random(11);
        for (int i = 0; i < 500; i++) { // times as the clock gives them, to the nanosecond
            Instant instant = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000));
            rows.add(new Object[] {id++, Timestamp.from(instant), "t" + i, null, "{\"i\":" + i + "}"});
        }
        return rows;
    }

    static List<Map<String, Object>> contents(String table) {
        return jdbc.queryForList("SELECT id, at::text AS at, label, note, payload::text AS payload FROM " + table + " ORDER BY id");
    }

    @Test
    void copyWritesExactlyWhatInsertWrites() {
        NewRows inserted = new NewRows();
        NewRows copied = new NewRows();
        for (Object[] row : rows()) {
            inserted.add("inserted", "id", COLUMNS, row);
            copied.add("copied", "id", COLUMNS, row);
        }

        inserted.insert(jdbc);
        copied.copy(jdbc);

        assertThat(contents("copied")).hasSize(rows().size()).isEqualTo(contents("inserted"));
    }

    @Test
    void anInsertLeavesARowThatIsAlreadyThereAsItIs() {
        jdbc.execute("CREATE TABLE again (id BIGINT PRIMARY KEY, at TIMESTAMPTZ NOT NULL, label VARCHAR(64) NOT NULL, note VARCHAR(256), "
                + "payload JSONB NOT NULL)");
        Object[] first = {1L, Timestamp.from(Instant.parse("2025-11-18T08:00:00Z")), "first", null, "{}"};
        Object[] again = {1L, Timestamp.from(Instant.parse("2025-11-19T08:00:00Z")), "again", "x", "{\"a\":1}"};
        NewRows rows = new NewRows();
        rows.add("again", "id", COLUMNS, first);
        rows.insert(jdbc);
        NewRows redelivered = new NewRows();
        redelivered.add("again", "id", COLUMNS, again);
        redelivered.insert(jdbc);

        assertThat(jdbc.queryForObject("SELECT label FROM again WHERE id = 1", String.class)).isEqualTo("first");
    }

    @Test
    void theRowsOfAnEventThatFailedAreNotWritten() {
        jdbc.execute("CREATE TABLE undone (id BIGINT PRIMARY KEY, at TIMESTAMPTZ NOT NULL, label VARCHAR(64) NOT NULL, note VARCHAR(256), "
                + "payload JSONB NOT NULL)");
        Timestamp at = Timestamp.from(Instant.parse("2025-11-18T08:00:00Z"));
        NewRows rows = new NewRows();
        rows.mark();
        rows.add("undone", "id", COLUMNS, new Object[] {1L, at, "kept", null, "{}"});
        rows.mark();
        rows.add("undone", "id", COLUMNS, new Object[] {2L, at, "failed", null, "{}"});
        rows.add("undone", "id", COLUMNS, new Object[] {3L, at, "failed too", null, "{}"});
        rows.undo();
        rows.mark();
        rows.add("undone", "id", COLUMNS, new Object[] {4L, at, "next", null, "{}"});
        rows.copy(jdbc);

        assertThat(jdbc.queryForList("SELECT label FROM undone ORDER BY id", String.class)).containsExactly("kept", "next");
    }
}
