package org.coordination.ledger.eventstore;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.awaitility.Awaitility;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An event whose transaction took its position and then committed late, after more than ten thousand later events
 * (Axon's default for giving a position up) had been committed and handled, is still read by every processor: it
 * is folded into the read models and appended to the Merkle log. Its transaction is held open on a connection of its
 * own, as a policies' batch, or a command's transaction behind a partition that heals, holds one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LateCommitIT {

    private static final int LATER_EVENTS = 10_500;
    /** The lowest position of the tracking processors (read models, policies, Merkle log), from their stored tokens. */
    private static final String SLOWEST_PROCESSOR = "SELECT min((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint) FROM token_entry";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void anEventCommittedAfterTenThousandLaterOnesIsStillProjectedAndLogged() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"late-model\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        ledger.await("viewer", "/api/v1/command-structures/late-model", s -> true);

        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            // held for as long as this takes, past the two minutes PostgreSQL gives an idle transaction on a slow machine
            held.createStatement().execute("SET LOCAL idle_in_transaction_session_timeout = 0");
            long late = insertCopies(held, "late", 1);
            // committed after it: as many streams again, each a structure of its own (the model's event with its id)
            try (Connection later = dataSource.getConnection()) {
                insertCopies(later, "later", LATER_EVENTS);
            }
            long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
            assertThat(head - late).as("the late event's position lies this far behind the head").isGreaterThan(10_000);
            Awaitility.await("every processor past the later events").atMost(120, SECONDS).until(() ->
                    jdbc.queryForObject(SLOWEST_PROCESSOR, Long.class) >= head);

            held.commit();

            Awaitility.await("the late event folded and logged").atMost(60, SECONDS).untilAsserted(() -> {
                assertThat(jdbc.queryForObject("SELECT count(*) FROM read_model WHERE model = 'command-structure' AND id = 'late-0'",
                        Long.class)).as("its structure's document in the read models").isOne();
                assertThat(jdbc.queryForObject("SELECT count(*) FROM merkle_leaf WHERE global_index = ?", Long.class, late))
                        .as("a leaf of the Merkle log").isOne();
            });
        }
        assertThat(ledger.get("viewer", "/api/v1/command-structures/late-0").status()).as("its structure's document").isEqualTo(200);
    }

    /**
     * At the head too, a position whose next event was stored longer ago than the gap timeout is given up: the reading
     * that follows no longer carries it (Axon's engine would keep up to 250 such gaps until a million positions later; here it looks once a token has two).
     */
    @Test
    void aPositionWhoseNextEventIsOlderThanTheGapTimeoutIsGivenUpAtTheHead(@Autowired EventStorageEngine engine) throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"late-model\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        // two positions taken, never used (Axon's engine looks at gaps once a token has more than its threshold, 1)
        long gap = jdbc.queryForObject("SELECT nextval('domain_event_entry_seq')", Long.class);
        long nextGap = jdbc.queryForObject("SELECT nextval('domain_event_entry_seq')", Long.class);
        long old;
        try (Connection connection = dataSource.getConnection()) {
            old = insertCopies(connection, "stale", 1);
        }
        jdbc.update("UPDATE domain_event_entry SET time_stamp = to_char((now() - interval '6 minutes') AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') WHERE global_index = ?", old);
        try (Connection connection = dataSource.getConnection()) {
            insertCopies(connection, "fresh", 1);
        }
        GapAwareTrackingToken withTheGap = GapAwareTrackingToken.newInstance(old, List.of(gap, nextGap));
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(withTheGap, false)) {
            GapAwareTrackingToken next = (GapAwareTrackingToken) events.findFirst().orElseThrow().trackingToken();
            assertThat(next.getIndex()).isGreaterThan(old);
            assertThat(next.getGaps()).as("the positions before an event stored six minutes ago").doesNotContain(gap, nextGap);
        }
    }

    /**
     * The other half of the bound: PostgreSQL ends a transaction of the service's that has waited two minutes for its next
     * statement, so no event commits later than that after taking its position, well inside the five minutes a
     * processor keeps a position open for ({@link EngineTokens#GAP_TIMEOUT}).
     */
    @Test
    void everyConnectionOfThePoolHasItsIdleTransactionsEndedWellBeforeAPositionIsGivenUp() {
        java.time.Duration idle = java.time.Duration.ofMillis(jdbc.queryForObject(
                "SELECT setting::bigint FROM pg_settings WHERE name = 'idle_in_transaction_session_timeout'", Long.class));
        assertThat(idle).isEqualTo(java.time.Duration.ofMinutes(2)).isLessThan(EngineTokens.GAP_TIMEOUT.dividedBy(2));
    }

    /**
     * {@code count} copies of the model structure's first event, each the first event of a structure {@code <prefix>-<n>},
     * inserted in the connection's transaction; returns the first one's position.
     */
    private static long insertCopies(Connection connection, String prefix, int count) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, time_stamp, payload_type,
                                                payload_revision, payload, meta_data)
                SELECT ? || '-' || n || '-' || e.event_identifier, e.type, ? || '-' || n, 0, e.time_stamp, e.payload_type,
                       e.payload_revision, convert_to(replace(convert_from(e.payload, 'UTF8'), '"late-model"', '"' || ? || '-' || n || '"'), 'UTF8'),
                       e.meta_data
                  FROM domain_event_entry e, generate_series(0, ? - 1) AS n
                 WHERE e.aggregate_identifier = 'late-model' AND e.sequence_number = 0
                 ORDER BY n
                RETURNING global_index""")) {
            insert.setString(1, prefix);
            insert.setString(2, prefix);
            insert.setString(3, prefix);
            insert.setInt(4, count);
            long first = Long.MAX_VALUE;
            try (ResultSet positions = insert.executeQuery()) {
                while (positions.next()) {
                    first = Math.min(first, positions.getLong(1));
                }
            }
            return first;
        }
    }
}
