package org.coordination.ledger.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.merkle.MerkleHash;
import org.coordination.ledger.contract.revision.EventRevisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.AbstractConsumerSeekAware;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes the ledger's topic with a consumer group and applies each event once in effect: the event
 * id goes into processed_event in the same transaction as the view rows, so a duplicate on the wire
 * (the ledger publishes at least once) or a redelivery after a crash changes nothing. The offsets
 * commit after that transaction.
 *
 * <p>The records of a poll are applied in one transaction (one commit, one fsync, for the lot: a
 * transaction per record was the Kafka path's bottleneck, docs/benchmarks.md). If that fails, they are
 * applied one transaction each, and the record that fails is reported by its index, so the error
 * handler retries from it and the ones before it stay applied.
 */
@Component
class LedgerEventListener extends AbstractConsumerSeekAware {

    static final String ID = "ledger-events";
    private static final Logger log = LoggerFactory.getLogger(LedgerEventListener.class);

    private final SubscriberView view;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final RecordTracing tracing;

    LedgerEventListener(SubscriberView view, JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json, RecordTracing tracing) {
        this.view = view;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.tracing = tracing;
    }

    // the listener's id names the container; the consumer group is spring.kafka.consumer.group-id
    @KafkaListener(id = ID, idIsGroup = false, topics = "${subscriber.topic}", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        try {
            transactions.executeWithoutResult(status -> records.forEach(this::apply));
        } catch (RuntimeException batchFailed) {
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, byte[]> record = records.get(i);
                try {
                    transactions.executeWithoutResult(status -> apply(record));
                } catch (RuntimeException failed) {
                    throw new BatchListenerFailedException("Cannot apply " + record.topic() + "-" + record.partition() + "@"
                            + record.offset(), failed, i);
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String type = header(record, "ce_type");
        tracing.apply(record, type, () -> applyOnce(record, type));
    }

    private void applyOnce(ConsumerRecord<String, byte[]> record, String type) {
        String eventId = header(record, "ce_id");
        if (eventId == null) {
            log.warn("Skipping a record without a CloudEvents id at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        String hash = header(record, "ce_hash");
        // the leaf the event is in the ledger's Merkle log, for the witness to find it in a signed checkpoint (CheckpointWitness)
        byte[] leaf = hash == null ? null : MerkleHash.leaf(HexFormat.of().parseHex(hash));
        int fresh = jdbc.update("INSERT INTO processed_event (event_id, leaf_hash) VALUES (?, ?) ON CONFLICT DO NOTHING", eventId, leaf);
        if (fresh == 0) {
            return; // seen before: a duplicate or a redelivery
        }
        track(record, header(record, "ce_sequence"));
        EventTypes.forType(type).ifPresent(typed -> view.apply(read(record.value(), typed)));
    }

    /**
     * Advances the position of the record's stream, a kind and an id ({@link LedgerStream}, read from
     * the CloudEvents attributes, so records keyed by the id alone by the previous release count as
     * well): a sequence other than the last plus one counts as a gap.
     */
    private void track(ConsumerRecord<String, byte[]> record, String sequenceHeader) {
        LedgerStream stream = LedgerStream.of(header(record, "ce_aggregatetype"), header(record, "ce_source"), header(record, "ce_subject"))
                .orElse(null);
        if (stream == null || sequenceHeader == null) {
            log.warn("A record names no stream or sequence at {}-{}@{}: not tracked", record.topic(), record.partition(), record.offset());
            return;
        }
        long sequence = Long.parseLong(sequenceHeader);
        String advance = "UPDATE stream_position SET aggregate_type = ?, gaps = gaps + CASE WHEN ? = last_sequence + 1 THEN 0 ELSE 1 END, "
                + "last_sequence = GREATEST(last_sequence, ?), applied = applied + 1 WHERE aggregate_type = ? AND aggregate_id = ?";
        int updated = jdbc.update(advance, stream.kind(), sequence, sequence, stream.kind(), stream.id());
        if (updated == 0 && sequence > 0) {
            // a position kept before streams had kinds (V3): the stream it tracked continues here
            updated = jdbc.update(advance, stream.kind(), sequence, sequence, "", stream.id());
        }
        if (updated == 0) {
            jdbc.update("INSERT INTO stream_position (aggregate_type, aggregate_id, last_sequence, applied, gaps) VALUES (?, ?, ?, 1, ?)",
                    stream.kind(), stream.id(), sequence, sequence == 0 ? 0 : 1);
        }
    }

    /**
     * The record's data as the current revision: an earlier revision (a record published before the event
     * changed, still on the topic) through the contract's steps, as the ledger reads its own stored events.
     */
    private LedgerEvent read(byte[] value, EventTypes.Typed typed) {
        try {
            JsonNode data = EventRevisions.toCurrent(typed.event(), typed.revision(), json.readTree(value));
            return json.treeToValue(data, typed.event());
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable " + typed.event().getSimpleName() + " of revision " + typed.revision(), e);
        }
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Reads the topic again from its beginning (the view was emptied first); the seeks run on the consumer's thread. */
    void rebuildFromBeginning() {
        seekToBeginning();
    }
}
