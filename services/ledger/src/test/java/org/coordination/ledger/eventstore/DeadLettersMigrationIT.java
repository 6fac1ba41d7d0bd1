package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V24 moves the events parked by Axon's JPA dead-letter queue (times as timestamps) into the JDBC queue's table (times
 * as ISO-8601 text), where Axon's JDBC queue, on the schema the ledger gives it, finds them with the same times.
 */
class DeadLettersMigrationIT {

    @Test
    void anEventParkedBeforeV24IsInTheJdbcQueueAfterIt() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start()) {
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("23").load().migrate();
            JdbcTemplate jdbc = new JdbcTemplate(postgres.getPostgresDatabase());
            // a row as Axon's JPA queue writes it: the event's own time as text, the queue's times as timestamps
            jdbc.update("INSERT INTO dead_letter_entry (dead_letter_id, processing_group, sequence_identifier, sequence_index, message_type, "
                            + "event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data, type, aggregate_identifier, "
                            + "sequence_number, enqueued_at, last_touched, cause_type, cause_message, diagnostics) VALUES ('letter-1', 'read-models', "
                            + "'CommandStructure:cmcc', 0, ?, 'event-1', '2026-12-01T10:00:00.000Z', 'java.lang.String', NULL, ?, ?, "
                            + "'CommandStructure', 'cmcc', 3, '2026-12-01T10:00:01.123456Z'::timestamptz, "
                            + "'2026-12-01T10:05:00Z'::timestamptz, 'java.lang.IllegalStateException', 'a damaged document', ?)",
                    "org.axonframework.eventhandling.GenericDomainEventMessage", "\"poison\"".getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));

            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").target("24").load().migrate();

            assertThat(jdbc.queryForObject("SELECT count(*) FROM dead_letter_entry", Long.class)).as("moved, not copied").isZero();
            ConnectionProvider connections = postgres.getPostgresDatabase()::getConnection;
            JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
            JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = JdbcSequencedDeadLetterQueue.builder()
                    .processingGroup("read-models")
                    .connectionProvider(connections)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .schema(DeadLetterTable.jdbcSchema())
                    .genericSerializer(serializer)
                    .eventSerializer(serializer)
                    .build();
            assertThat(queue.amountOfSequences()).isEqualTo(1);
            List<DeadLetter<? extends EventMessage<?>>> sequence = new java.util.ArrayList<>();
            queue.deadLetterSequence("CommandStructure:cmcc").forEach(sequence::add);
            assertThat(sequence).hasSize(1);
            DeadLetter<? extends EventMessage<?>> letter = sequence.get(0);
            assertThat(letter.message().getIdentifier()).isEqualTo("event-1");
            assertThat(letter.message().getPayload()).isEqualTo("poison");
            assertThat(letter.enqueuedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:01.123456Z"));
            assertThat(letter.lastTouched()).isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));
            assertThat(letter.cause()).hasValueSatisfying(cause -> assertThat(cause.message()).isEqualTo("a damaged document"));
        }
    }
}
