package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a real PostgreSQL with a store of 20,000 events and 2,000 sagas: the statements the processors and the group
 * commit run at every batch keep one generic plan per connection (PostgreSQL plans a prepared statement's first
 * five executions for their values, then keeps a generic plan unless it looks dearer than those). Each is run
 * twenty times on one connection, whose driver prepares it on the server from the fifth;
 * {@code pg_prepared_statements} counts the plans. Each beside the form it replaced, which PostgreSQL plans again
 * at every execution (docs/benchmarks.md, change 50).
 */
class GenericPlansIT {

    static final int EVENTS = 20_000;
    static final int RUNS = 20;

    static EmbeddedPostgres postgres;
    static DataSource database;

    @BeforeAll
    static void store() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start();
        database = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL session_replication_role = replica"); // rows, not a chain: the hash trigger off
            statement.executeUpdate("INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, "
                    + "time_stamp, payload_type, payload) SELECT 'event-' || i, 'Force', 'force-' || (i % 500), i / 500, "
                    + "'2026-12-05T00:00:00Z', 'Pledged', '\\x00' FROM generate_series(1, " + EVENTS + ") AS i");
            statement.executeUpdate("INSERT INTO saga_entry (saga_id, saga_type, revision, serialized_saga) "
                    + "SELECT 'saga-' || i, 'Policy', '1', '\\x00' FROM generate_series(1, 2000) AS i");
            statement.executeUpdate("INSERT INTO association_value_entry (association_key, association_value, saga_id, saga_type) "
                    + "SELECT 'forceId', 'force-' || i, 'saga-' || i, 'Policy' FROM generate_series(1, 2000) AS i");
            connection.commit();
            connection.setAutoCommit(true);
            statement.execute("ANALYZE");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void theProcessorsReadOfTheStreamAfterTheirTokenKeepsAGenericPlan() throws Exception {
        try (Connection connection = database.getConnection()) {
            for (int i = 0; i < RUNS; i++) {
                try (PreparedStatement read = KindScopedStatements.readEventDataWithoutGaps(connection, EventTables.SCHEMA,
                        EVENTS - 5 - i, 100)) {
                    assertThat(rows(read)).as("the events after the token").isEqualTo(5 + i);
                }
            }
            assertThat(plans(connection, "LIMIT 100")).as("custom plans, generic plans").satisfies(plans -> {
                assertThat(plans[0]).isLessThanOrEqualTo(5);
                assertThat(plans[1]).isGreaterThanOrEqualTo(RUNS - 4 - 5);
            });

            String asParameters = "SELECT global_index FROM domain_event_entry WHERE global_index > ? ORDER BY global_index ASC LIMIT ?";
            for (int i = 0; i < RUNS; i++) {
                try (PreparedStatement read = connection.prepareStatement(asParameters)) {
                    read.setLong(1, EVENTS - 5 - i);
                    read.setInt(2, 100);
                    rows(read);
                }
            }
            assertThat(plans(connection, "LIMIT $2")).as("the position and the limit as parameters: planned at every execution")
                    .containsExactly(RUNS - 4, 0L);
        }
    }

    @Test
    void aBatchWideFindOfSagasKeepsAGenericPlanWhereTheArraysOfItsValuesDidNot() throws Exception {
        try (Connection connection = database.getConnection()) {
            int power = 2; // four values
            for (int i = 0; i < RUNS; i++) {
                try (PreparedStatement find = connection.prepareStatement(VersionedSagaStore.FIND_ANY[power])) {
                    for (int value = 0; value < 4; value++) {
                        find.setString(2 * value + 1, "forceId");
                        find.setString(2 * value + 2, "force-" + (1 + 4 * i + value));
                    }
                    find.setString(2 * 4 + 1, "Policy");
                    assertThat(rows(find)).as("one saga per value").isEqualTo(4);
                }
            }
            assertThat(plans(connection, "FROM (VALUES")).satisfies(plans -> {
                assertThat(plans[0]).isLessThanOrEqualTo(5);
                assertThat(plans[1]).isGreaterThanOrEqualTo(RUNS - 4 - 5);
            });

            String asArrays = "SELECT a.saga_id FROM unnest(?::text[], ?::text[]) AS v(key, value) JOIN association_value_entry a "
                    + "ON a.saga_type = ? AND a.association_key = v.key AND a.association_value = v.value";
            for (int i = 0; i < RUNS; i++) {
                try (PreparedStatement find = connection.prepareStatement(asArrays)) {
                    find.setArray(1, connection.createArrayOf("text", new String[] {"forceId", "forceId", "forceId", "forceId"}));
                    find.setArray(2, connection.createArrayOf("text", new String[] {"force-1", "force-2", "force-3", "force-" + i}));
                    find.setString(3, "Policy");
                    rows(find);
                }
            }
            assertThat(plans(connection, "unnest")).as("the values as arrays: planned at every execution").containsExactly(RUNS - 4, 0L);
        }
    }

    @Test
    void paddedBlocksCoverEveryKeyAndRepeatTheLast() {
        assertThat(PaddedBlocks.power(1)).isZero();
        assertThat(PaddedBlocks.power(5)).isEqualTo(3);
        assertThat(PaddedBlocks.power(PaddedBlocks.MOST)).isEqualTo(PaddedBlocks.SHAPES - 1);
        java.util.List<Integer> keys = java.util.stream.IntStream.range(0, PaddedBlocks.MOST + 3).boxed().toList();
        assertThat(PaddedBlocks.blocks(keys)).extracting(java.util.List::size).containsExactly(PaddedBlocks.MOST, 3);
        java.util.List<Integer> last = PaddedBlocks.blocks(keys).get(1);
        assertThat(java.util.stream.IntStream.range(0, 1 << PaddedBlocks.power(last.size())).mapToObj(i -> PaddedBlocks.padded(last, i)))
                .containsExactly(128, 129, 130, 130);
        assertThat(PaddedBlocks.repeat(2, "(?::text)", "(?)")).isEqualTo("(?::text), (?), (?), (?)");
    }

    private static int rows(PreparedStatement statement) throws SQLException {
        int rows = 0;
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows++;
            }
        }
        return rows;
    }

    /** The custom and the generic plans of this session's prepared statement whose text has {@code marker}. */
    private static long[] plans(Connection connection, String marker) throws SQLException {
        try (PreparedStatement plans = connection.prepareStatement(
                "SELECT custom_plans, generic_plans FROM pg_prepared_statements WHERE statement LIKE '%' || ? || '%'")) {
            plans.setString(1, marker);
            try (ResultSet result = plans.executeQuery()) {
                assertThat(result.next()).as("prepared on the server: " + marker).isTrue();
                long[] counts = {result.getLong(1), result.getLong(2)};
                assertThat(result.next()).as("one statement with " + marker).isFalse();
                return counts;
            }
        }
    }
}
