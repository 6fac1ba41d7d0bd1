package org.coordination.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The hash chain as the database computes it on every insert, on a real PostgreSQL with the service's
 * migrations: the hash is byte for byte the composition of length-prefixed fields that V4 defined (so
 * stored hashes and kept digests still verify), and two transactions appending the same sequence to one
 * stream at once are decided as before: the one that commits first wins, the other is refused as a taken
 * sequence, and a rollback of the first lets the second through on the head it read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainTriggerIT {

    static final String TAKEN = "23505"; // unique_violation: Axon's store reports it as a conflict

    EmbeddedPostgres postgres;
    DataSource dataSource;
    JdbcTemplate jdbc;

    @BeforeAll
    void database() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterAll
    void stop() throws Exception {
        postgres.close();
    }

    @Test
    void theHashIsTheLengthPrefixedCompositionOfV4() {
        // V4's composition from its own helpers, kept in the schema: null fields, empty ones, and text whose UTF-8
        // is longer than its characters (a length prefix counted in characters would differ)
        String v4 = "sha256(ledger_field(?::bytea) || ledger_text_field(?) || ledger_text_field(?) || int8send(?::bigint) "
                + "|| ledger_text_field(?) || ledger_text_field(?) || ledger_text_field(?) || ledger_text_field(?) "
                + "|| ledger_field(?::bytea) || ledger_field(?::bytea))";
        String now = "ledger_event_hash(?::bytea, ?, ?, ?::bigint, ?, ?, ?, ?, ?::bytea, ?::bytea)";
        List<Object[]> cases = List.of(
                new Object[] {null, "e-1", "isf", 0L, "Force", "2026-12-05T00:00:00Z", "x.ForceEstablished", null, bytes("{}"), null},
                new Object[] {bytes("previous"), "e-2", "isf", 1L, "Force", "t", "x.Y", "2", bytes("{\"a\":1}"), bytes("{\"m\":2}")},
                new Object[] {bytes(""), "", "", 7L, "", "", "", "", bytes(""), bytes("")},
                new Object[] {null, null, null, 3L, null, null, null, null, null, null},
                new Object[] {bytes("p"), "é-ü", "Köln–Gaza", 42L, "CommandStructure", "2026-12-05T10:00:00.123456Z",
                        "x.StaffAttached", "1", "{\"name\":\"Zoë\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8), bytes("{}")});
        for (Object[] values : cases) {
            byte[] expected = jdbc.queryForObject("SELECT " + v4, byte[].class, values);
            byte[] actual = jdbc.queryForObject("SELECT " + now, byte[].class, values);
            assertThat(actual).as(Arrays.toString(values)).isEqualTo(expected).hasSize(32);
        }
    }

    @Test
    void aStoredEventsHashChainsToItsStreamsPreviousEvent() throws SQLException {
        String stream = "chain-" + UUID.randomUUID();
        try (Connection connection = dataSource.getConnection()) {
            append(connection, stream, 0);
            append(connection, stream, 1);
        }
        List<byte[]> previous = jdbc.queryForList("SELECT previous_hash FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", byte[].class, stream);
        List<byte[]> hashes = jdbc.queryForList("SELECT hash FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", byte[].class, stream);
        assertThat(previous.get(0)).isNull();
        assertThat(previous.get(1)).isEqualTo(hashes.get(0));
        assertThat(jdbc.queryForObject("SELECT last_hash FROM ledger_stream_head WHERE aggregate_identifier = ?", byte[].class, stream))
                .isEqualTo(hashes.get(1));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ? AND hash = "
                + "ledger_event_hash(previous_hash, event_identifier, aggregate_identifier, sequence_number, type, time_stamp, "
                + "payload_type, payload_revision, payload, meta_data)", Integer.class, stream)).isEqualTo(2);
    }

    @Test
    void ofTwoConcurrentAppendsOfOneSequenceTheSecondToCommitIsRefused() throws Exception {
        String stream = streamWithItsFirstEvent("race-");
        try (Race race = race(stream, 1)) {
            race.first().commit();
            SQLException refused = refusal(race.waiting());
            assertThat(refused.getSQLState()).isEqualTo(TAKEN);
            assertThat(refused.getMessage()).contains("already taken");
            race.second().rollback();
        }
        assertThat(sequences(stream)).containsExactly(0L, 1L);
        assertThat(headSequence(stream)).isEqualTo(1L);
    }

    @Test
    void aRolledBackAppendLetsTheWaitingOneThroughOnTheHeadItRead() throws Exception {
        String stream = streamWithItsFirstEvent("rollback-");
        try (Race race = race(stream, 1)) {
            race.first().rollback();
            race.waiting().join();
            race.second().commit();
        }
        assertThat(sequences(stream)).containsExactly(0L, 1L);
        assertThat(jdbc.queryForObject("SELECT e1.previous_hash = e0.hash FROM domain_event_entry e0 JOIN domain_event_entry e1 "
                + "ON e1.aggregate_identifier = e0.aggregate_identifier AND e1.sequence_number = 1 "
                + "WHERE e0.aggregate_identifier = ? AND e0.sequence_number = 0", Boolean.class, stream)).isTrue();
        assertThat(headSequence(stream)).isEqualTo(1L);
    }

    @Test
    void ofTwoConcurrentFirstEventsOfAStreamTheSecondIsRefused() throws Exception {
        String stream = "new-" + UUID.randomUUID();
        try (Race race = race(stream, 0)) {
            race.first().commit();
            assertThat(refusal(race.waiting()).getSQLState()).isEqualTo(TAKEN);
            race.second().rollback();
        }
        assertThat(sequences(stream)).containsExactly(0L);
        assertThat(headSequence(stream)).isEqualTo(0L);
    }

    /** Two transactions appending one sequence: the first has appended, the second waits for it. */
    private record Race(Connection first, Connection second, CompletableFuture<Void> waiting) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try {
                first.close();
            } finally {
                second.close();
            }
        }
    }

    private Race race(String stream, long sequence) throws SQLException {
        Connection first = dataSource.getConnection();
        Connection second = dataSource.getConnection();
        first.setAutoCommit(false);
        second.setAutoCommit(false);
        append(first, stream, sequence);
        return new Race(first, second, appendWhileBlocked(second, stream, sequence));
    }

    private String streamWithItsFirstEvent(String prefix) throws SQLException {
        String stream = prefix + UUID.randomUUID();
        try (Connection setup = dataSource.getConnection()) {
            append(setup, stream, 0);
        }
        return stream;
    }

    private static SQLException refusal(CompletableFuture<Void> append) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(append::join);
        assertThat(failure).isInstanceOf(CompletionException.class).hasCauseInstanceOf(SQLException.class);
        return (SQLException) failure.getCause();
    }

    /** Starts an append on {@code connection} and returns once it waits for another transaction's lock. */
    private CompletableFuture<Void> appendWhileBlocked(Connection connection, String stream, long sequence) {
        CompletableFuture<Void> append = CompletableFuture.runAsync(() -> {
            try {
                append(connection, stream, sequence);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> append.isDone() || jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'", Integer.class) > 0);
        assertThat(append).as("the second append waits for the first transaction").isNotDone();
        return append;
    }

    private static void append(Connection connection, String stream, long sequence) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, "
                + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, 'Force', "
                + "'2026-12-05T00:00:00Z', 'x.Event', null, ?, ?)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, stream);
            insert.setLong(3, sequence);
            insert.setBytes(4, bytes("{\"sequence\":" + sequence + "}"));
            insert.setBytes(5, bytes("{}"));
            insert.executeUpdate();
        }
    }

    private List<Long> sequences(String stream) {
        return jdbc.queryForList("SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number",
                Long.class, stream);
    }

    private Long headSequence(String stream) {
        return jdbc.queryForObject("SELECT last_sequence FROM ledger_stream_head WHERE aggregate_identifier = ?", Long.class, stream);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
