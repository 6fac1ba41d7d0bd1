package org.coordination.ledger.eventstore;

import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;

/**
 * Where a processor's dead letters (events parked after its handler failed on them) are kept, for what reads them
 * beside Axon's queue (the audit's list, the metrics, a catch-up's check): {@code dead_letter}, Axon's JDBC queue's
 * table (V24), with the JDBC engine; {@code dead_letter_entry}, its JPA queue's, with the JPA engine. Both have the same
 * columns, but the JDBC queue keeps its times as ISO-8601 text: read them as {@code enqueued_at::timestamptz}.
 */
public record DeadLetterTable(String name) {

    public static final String JDBC = "dead_letter";
    public static final String JPA = "dead_letter_entry";

    public static DeadLetterTable forEngine(String engine) {
        return new DeadLetterTable("jpa".equals(engine) ? JPA : JDBC);
    }

    /** Axon's JDBC queue on {@link #JDBC}, its columns named as in {@link #JPA}. */
    public static DeadLetterSchema jdbcSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable(JDBC)
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }
}
