package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * On a real PostgreSQL, the upgrade that gives the four policies one processor (V20): the new processor starts
 * at the lower bound of the four tokens, each policy's own token is kept, and a policy declines exactly the events
 * its token covers, so that no policy handles an event twice or misses one.
 */
class PolicyResumePointsIT {

    static final String GAP_AWARE = "org.axonframework.eventhandling.GapAwareTrackingToken";

    @Test
    void theSharedProcessorStartsAtTheLowestPositionAndEachPolicyDeclinesWhatItHadHandled() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            DataSource database = postgres.getPostgresDatabase();
            JdbcTemplate jdbc = previousRelease(database);
            token(jdbc, "ConsentPolicyProcessor", "{\"index\":120,\"gaps\":[100]}");
            token(jdbc, "MandatePolicyProcessor", "{\"index\":90,\"gaps\":[85]}");
            token(jdbc, "RulesOfEngagementPolicyProcessor", "{\"index\":150,\"gaps\":[]}");
            token(jdbc, "WithdrawalPolicyProcessor", "{\"index\":95,\"gaps\":[80,93]}");
            token(jdbc, "read-models", "{\"index\":150,\"gaps\":[]}");

            upgrade(database);

            JsonNode shared = new ObjectMapper().readTree(jdbc.queryForObject(
                    "SELECT convert_from(token, 'UTF8') FROM token_entry WHERE processor_name = 'policies' AND segment = 0", String.class));
            assertThat(shared.get("index").asLong()).as("the lowest of the four").isEqualTo(90);
            assertThat(shared.get("gaps")).extracting(JsonNode::asLong).as("every gap below it, of any of the four")
                    .containsExactly(80L, 85L);
            assertThat(jdbc.queryForList("SELECT processor_name FROM token_entry ORDER BY processor_name", String.class))
                    .containsExactly("policies", "read-models");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM policy_resume_point", Integer.class)).isEqualTo(4);

            events(jdbc, 80, 85, 90, 91, 99, 100, 110, 120, 121, 130);
            PolicyResumePoints points = new PolicyResumePoints(jdbc);
            // an event at its own index, as in order; or, filling a gap, with the index the token had reached
            Map<TrackedEventMessage<?>, Boolean> consent = Map.of(at(80, 90), true, at(85, 90), true, at(99, 99), true,
                    at(100, 100), false, at(110, 110), true, at(120, 120), true, at(121, 121), false, at(130, 140), false);
            consent.forEach((event, handled) -> assertThat(points.handledBefore("ConsentPolicyProcessor", event))
                    .as("the consent policy (at 120, its gap 100), " + event.getIdentifier()).isEqualTo(handled));
            Map<TrackedEventMessage<?>, Boolean> mandate = Map.of(at(80, 90), true, at(85, 90), false, at(90, 90), true,
                    at(91, 91), false, at(100, 100), false);
            mandate.forEach((event, handled) -> assertThat(points.handledBefore("MandatePolicyProcessor", event))
                    .as("the mandate policy (at 90, its gap 85), " + event.getIdentifier()).isEqualTo(handled));
            assertThat(points.handledBefore("SomeNewPolicyProcessor", at(80, 90))).as("a policy without a position handles all").isFalse();
            assertThat(points.handledBefore("ConsentPolicyProcessor", GenericEventMessage.asEventMessage("not tracked")))
                    .as("an event outside a stream").isFalse();
        }
    }

    @Test
    void aPolicyThatHadNotStartedMakesTheSharedProcessorStartFromTheFirstEvent() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            DataSource database = postgres.getPostgresDatabase();
            JdbcTemplate jdbc = previousRelease(database);
            token(jdbc, "ConsentPolicyProcessor", "{\"index\":120,\"gaps\":[]}");
            token(jdbc, "MandatePolicyProcessor", null);
            events(jdbc, 120);

            upgrade(database);

            assertThat(jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = 'policies'", byte[].class))
                    .as("one row, without a token: from the first event").containsExactly((byte[]) null);
            assertThat(new PolicyResumePoints(jdbc).handledBefore("ConsentPolicyProcessor", at(120, 120))).isTrue();
        }
    }

    @Test
    void aNewLedgerHasNoPositionsToMove() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            DataSource database = postgres.getPostgresDatabase();
            upgrade(database);
            JdbcTemplate jdbc = new JdbcTemplate(database);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry", Integer.class)).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM policy_resume_point", Integer.class)).isZero();
        }
    }

    private static JdbcTemplate previousRelease(DataSource database) {
        Flyway.configure().dataSource(database).locations("classpath:db/migration").target("19").load().migrate();
        return new JdbcTemplate(database);
    }

    /** Up to V20, the migration under test (V22 empties the read models' token, for them to be folded again). */
    private static void upgrade(DataSource database) {
        Flyway.configure().dataSource(database).locations("classpath:db/migration").target("20").load().migrate();
    }

    private static void token(JdbcTemplate jdbc, String processor, String json) {
        jdbc.update("INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp) "
                        + "VALUES (?, 0, convert_to(?, 'UTF8'), ?, '2026-12-05T00:00:00Z')",
                processor, json, json == null ? null : GAP_AWARE);
    }

    /** Events at these global indexes (rows only: the chain's trigger off for the session). */
    private static void events(JdbcTemplate jdbc, long... indexes) {
        jdbc.execute((java.sql.Connection connection) -> {
            connection.setAutoCommit(false);
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET LOCAL session_replication_role = replica");
                for (long index : indexes) {
                    statement.executeUpdate("INSERT INTO domain_event_entry (global_index, event_identifier, type, aggregate_identifier, "
                            + "sequence_number, time_stamp, payload_type, payload) VALUES (" + index + ", 'event-" + index
                            + "', 'Force', 'force', " + index + ", '2026-12-05T00:00:00Z', 'Pledged', '\\x00')");
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            return null;
        });
    }

    /** The event stored at {@code index}, as the shared processor hands it over with its token at {@code tokenIndex}. */
    private static TrackedEventMessage<?> at(long index, long tokenIndex) {
        return new GenericTrackedEventMessage<>(GapAwareTrackingToken.newInstance(tokenIndex, List.of()),
                new GenericEventMessage<>("event-" + index, "payload", Map.of(), java.time.Instant.EPOCH));
    }
}
