package org.coordination.ledger.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.coordination.ledger.eventstore.DeadLetterTable;
import org.coordination.ledger.problem.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Poison events: an event a read model's handler fails on is parked in Axon's sequenced dead-letter
 * queue (with every later event of the same aggregate, to keep their order) while the processor goes
 * on with the rest. Auditors inspect the queue and, once the cause is fixed, retry it.
 */
@RestController
@Tag(name = "Audit")
class DeadLetterController {

    static final String PROCESSING_GROUP = "read-models";

    /**
     * One parked event. Its stream is {@code aggregateType} and {@code aggregateId} (the force {@code isf}
     * and the command structure {@code isf} are two streams); {@code type} is the event's type.
     */
    record DeadLetter(String deadLetterId, String processingGroup, String sequenceIdentifier, long sequenceIndex, String eventId,
                      String type, String aggregateType, String aggregateId, Long sequence, Instant enqueuedAt, Instant lastTouched,
                      String causeType, String causeMessage) {
    }

    /** What a retry did. */
    record RetryOutcome(int sequencesProcessed, int stillParked) {
    }

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final DeadLetterTable table;

    DeadLetterController(JdbcTemplate jdbc, EventProcessingConfiguration processing, DeadLetterTable table) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.table = table;
    }

    @GetMapping("/api/v1/audit/dead-letters")
    @Operation(summary = "Events parked by a failing read-model handler, in order")
    List<DeadLetter> deadLetters() {
        // the type column is the aggregate kind (Axon's DeadLetterSchema), as in domain_event_entry; the times are text
        // in the JDBC queue's table, timestamps in the JPA one's
        return jdbc.query("SELECT dead_letter_id, processing_group, sequence_identifier, sequence_index, event_identifier, payload_type, "
                        + "type, aggregate_identifier, sequence_number, enqueued_at::timestamptz, last_touched::timestamptz, cause_type, "
                        + "cause_message FROM " + table.name() + " ORDER BY processing_group, sequence_identifier, sequence_index",
                (rs, i) -> new DeadLetter(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6).substring(rs.getString(6).lastIndexOf('.') + 1), rs.getString(7), rs.getString(8),
                        (Long) rs.getObject(9), rs.getTimestamp(10).toInstant(),
                        rs.getTimestamp(11) == null ? null : rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getString(13)));
    }

    @PostMapping("/api/v1/audit/dead-letters/retry")
    @Operation(summary = "Retry every parked sequence, oldest first; those that fail again stay parked")
    RetryOutcome retry() {
        return retry(PROCESSING_GROUP);
    }

    @PostMapping("/api/v1/audit/dead-letters/{processingGroup}/retry")
    @Operation(summary = "Retry the parked sequences of one processing group")
    RetryOutcome retry(@PathVariable String processingGroup) {
        SequencedDeadLetterProcessor<?> processor = processing.sequencedDeadLetterProcessor(processingGroup)
                .orElseThrow(() -> ApiProblem.notFound("No dead-letter queue for processing group " + processingGroup));
        int before = parked(processingGroup);
        int processed = 0;
        // each call takes one sequence; stop when nothing more is taken or everything was tried once
        for (int attempt = 0; attempt < before && processor.processAny(); attempt++) {
            processed++;
        }
        return new RetryOutcome(processed, parked(processingGroup));
    }

    private int parked(String processingGroup) {
        Integer count = jdbc.queryForObject("SELECT count(DISTINCT sequence_identifier) FROM " + table.name() + " WHERE processing_group = ?",
                Integer.class, processingGroup);
        return count == null ? 0 : count;
    }
}
