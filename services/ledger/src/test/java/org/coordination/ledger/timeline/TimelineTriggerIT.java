package org.coordination.ledger.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The timeline is written by the store with each event (V27): an event appended has its row in the same transaction,
 * derived from its row alone; the events stored before V27 that the read models' processor had not reached get theirs
 * from the migration, by the same rules; an append the store refuses leaves no row.
 */
class TimelineTriggerIT {

    private static final String SIGNED = "{\"recordedAt\":\"2026-12-01T10:00:00.123456Z\",\"effectiveAt\":\"2025-11-17T00:00:00Z\","
            + "\"principal\":\"registrar\",\"role\":\"REGISTRAR\",\"citation\":\"S/RES/2803 (2025)\",\"correlationId\":\"c-1\"}";

    @Test
    void everyEventHasItsTimelineRowFromTheMigrationOrFromItsOwnAppend() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            migrate(postgres, "26");
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            long folded = append(jdbc, "m-1", 0, "org.coordination.ledger.contract.mandate.MandateAuthorized", SIGNED);
            long behind = append(jdbc, "m-1", 1, "org.coordination.ledger.contract.mandate.MandateExtended", SIGNED);
            // the row the read models' processor had written for the first: kept as it is
            jdbc.update("INSERT INTO timeline_entry (global_index, effective_at, recorded_at, aggregate_type, aggregate_id, sequence, event_id, "
                    + "event_type, principal, role, citation) VALUES (?, '2025-11-17T00:00:00Z', '2026-12-01T10:00:00.123456Z', 'Mandate', "
                    + "'m-1', 0, 'event-m-1-0-1', 'MandateAuthorized', 'registrar', 'REGISTRAR', 'as the processor wrote it')", folded);

            migrate(postgres, "27");

            assertThat(row(jdbc, folded).get("citation")).as("a row the processor wrote").isEqualTo("as the processor wrote it");
            assertThat(row(jdbc, behind)).as("an event the processor had not reached").containsAllEntriesOf(Map.of(
                    "effective_at", Instant.parse("2025-11-17T00:00:00Z"), "recorded_at", Instant.parse("2026-12-01T10:00:00.123456Z"),
                    "aggregate_type", "Mandate", "aggregate_id", "m-1", "sequence", 1L, "event_id", "event-m-1-1-2",
                    "event_type", "MandateExtended", "principal", "registrar", "role", "REGISTRAR", "citation", "S/RES/2803 (2025)"));

            long appended = append(jdbc, "m-1", 2, "org.coordination.ledger.contract.mandate.MandateTerminated",
                    "{\"recordedAt\":\"2026-12-02T08:30:00Z\",\"principal\":\"registrar\",\"role\":\"REGISTRAR\"}");
            assertThat(row(jdbc, appended)).as("appended after V27, without an effective time or a citation").containsAllEntriesOf(Map.of(
                    "effective_at", Instant.parse("2026-12-02T08:30:00Z"), "recorded_at", Instant.parse("2026-12-02T08:30:00Z"),
                    "sequence", 2L, "event_type", "MandateTerminated"));
            assertThat(row(jdbc, appended).get("citation")).isNull();

            long withoutMetadata = append(jdbc, "s-1", 0, "org.coordination.ledger.contract.structure.CommandStructureEstablished", null);
            assertThat(row(jdbc, withoutMetadata)).as("no metadata: recorded at the epoch, as the read side's as-of folds take it")
                    .containsAllEntriesOf(Map.of("effective_at", Instant.EPOCH, "recorded_at", Instant.EPOCH, "aggregate_type", "CommandStructure"));
            long nested = append(jdbc, "s-1", 1, "org.coordination.ledger.contract.structure.Outer$PostMerged", SIGNED);
            assertThat(row(jdbc, nested).get("event_type")).as("a nested class's own name, as getSimpleName gives it").isEqualTo("PostMerged");

            long rows = jdbc.queryForObject("SELECT count(*) FROM timeline_entry", Long.class);
            assertThatThrownBy(() -> append(jdbc, "m-1", 2, "org.coordination.ledger.contract.mandate.MandateTerminated", SIGNED))
                    .as("a sequence already taken").isInstanceOf(DataAccessException.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM timeline_entry", Long.class)).as("no row for a refused append").isEqualTo(rows);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry e JOIN timeline_entry t USING (global_index)", Long.class))
                    .as("one row per event").isEqualTo(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)).isEqualTo(rows);
        }
    }

    private static void migrate(EmbeddedPostgres postgres, String target) {
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target(target).load().migrate();
    }

    private static int appends;

    /** Appends an event as the ledger's engines do (the chain trigger fills its hash); returns its global index. */
    private static long append(JdbcTemplate jdbc, String aggregate, long sequence, String payloadType, String metaData) {
        String kind = aggregate.startsWith("m-") ? "Mandate" : "CommandStructure";
        return jdbc.queryForObject("INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, time_stamp, "
                        + "payload_type, payload_revision, payload, meta_data) VALUES (?, ?, ?, ?, '2026-12-03T09:00:00.000Z', ?, '1', ?, ?) "
                        + "RETURNING global_index", Long.class, "event-" + aggregate + "-" + sequence + "-" + (++appends), kind, aggregate, sequence, payloadType, "{}".getBytes(StandardCharsets.UTF_8),
                metaData == null ? null : metaData.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> row(JdbcTemplate jdbc, long globalIndex) {
        Map<String, Object> row = new java.util.HashMap<>(jdbc.queryForMap("SELECT * FROM timeline_entry WHERE global_index = ?", globalIndex));
        row.replaceAll((column, value) -> value instanceof java.sql.Timestamp time ? time.toInstant() : value);
        return row;
    }
}
