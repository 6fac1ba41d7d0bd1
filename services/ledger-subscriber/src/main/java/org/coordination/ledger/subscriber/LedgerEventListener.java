package org.coordination.ledger.subscriber;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * transaction per record was the Kafka path's bottleneck, docs/benchmarks.md), their ids and positions in
 * a few statements for the lot. If that fails, they are applied one transaction each, and the record that
 * fails is reported by its index, so the error handler ({@link RecordRetry}) retries from it, the ones before it stay
 * applied, and it is retried until it applies: never skipped.
 *
 * <p>An event of the ledger's this subscriber does not know (a {@code ce_type} of the ledger's namespace it has no record
 * for, a newer release's) fails like a revision newer than it knows: it is not recorded as processed nor counted in its
 * stream, so the subscriber, once upgraded, applies it. A record whose type is not the ledger's is not the ledger's event
 * (the ledger writes none); it is logged and passed over.
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
    private final HeldRecords held;

    LedgerEventListener(SubscriberView view, JdbcTemplate jdbc, TransactionTemplate transactions, ObjectMapper json, RecordTracing tracing,
                        HeldRecords held) {
        this.view = view;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.tracing = tracing;
        this.held = held;
    }

    // the listener's id names the container; the consumer group is spring.kafka.consumer.group-id
    @KafkaListener(id = ID, idIsGroup = false, topics = "${subscriber.topic}", batch = "true")
    void on(List<ConsumerRecord<String, byte[]>> records) {
        try {
            transactions.executeWithoutResult(status -> applyAll(records));
        } catch (RuntimeException batchFailed) {
            for (int i = 0; i < records.size(); i++) {
                ConsumerRecord<String, byte[]> record = records.get(i);
                try {
                    transactions.executeWithoutResult(status -> applyAll(List.of(record)));
                } catch (RuntimeException failed) {
                    throw new BatchListenerFailedException("Cannot apply " + record.topic() + "-" + record.partition() + "@"
                            + record.offset(), failed, i);
                }
                held.applied(record);
            }
            return;
        }
        held.applied(records);
    }

    /**
     * Applies {@code records}, in their order, in the caller's transaction. Their event ids go into
     * {@code processed_event} in one statement, which answers with those it had not seen (a duplicate on the wire or a
     * redelivery after a crash changes nothing), and their streams' positions advance together
     * ({@link StreamPositions}); then each event not seen before changes the view. Per record, the first two had been a
     * statement each: with the view's, two to four round trips to the database per event on the thread that applies
     * every record, which fell behind the ledger at 520 commands/s on two cores (docs/benchmarks.md, change 61). The view's
     * rows of the board, likewise, are read and written once for the poll ({@link SubscriberView.Changes}, change 69).
     */
    private void applyAll(List<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> identified = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (header(record, "ce_id") == null) {
                log.warn("Skipping a record without a CloudEvents id at {}-{}@{}", record.topic(), record.partition(), record.offset());
            } else {
                refuseUnknownLedgerEvent(record);
                identified.add(record);
            }
        }
        Set<String> fresh = firstSeen(identified);
        List<ConsumerRecord<String, byte[]>> toApply = new ArrayList<>();
        List<StreamPositions.Arrival> arrivals = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : identified) {
            if (fresh.remove(header(record, "ce_id"))) { // the first of a poll's copies of an event
                toApply.add(record);
                arrival(record).ifPresent(arrivals::add);
            }
        }
        StreamPositions.advance(jdbc, arrivals);
        List<ConsumerRecord<String, byte[]>> known = new ArrayList<>();
        List<LedgerEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : toApply) {
            Optional<EventTypes.Typed> typed = EventTypes.forType(header(record, "ce_type"));
            if (typed.isPresent()) {
                known.add(record);
                events.add(read(record.value(), typed.get()));
            } else {
                log.warn("Passing over a record whose type {} is not the ledger's at {}-{}@{}", header(record, "ce_type"), record.topic(),
                        record.partition(), record.offset());
            }
        }
        SubscriberView.Changes changes = view.changes(events);
        for (int i = 0; i < events.size(); i++) {
            LedgerEvent event = events.get(i);
            tracing.apply(known.get(i), header(known.get(i), "ce_type"), () -> changes.apply(event));
        }
        changes.write();
    }

    /**
     * Fails a record of the ledger's namespace whose event this subscriber does not know: skipped, it would be recorded
     * as processed and its stream's position moved past it, and an upgraded subscriber would never apply it.
     */
    private static void refuseUnknownLedgerEvent(ConsumerRecord<String, byte[]> record) {
        String type = header(record, "ce_type");
        if (EventTypes.isLedgers(type) && EventTypes.forType(type).isEmpty()) {
            throw new IllegalStateException(type + " at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + " is an event of the ledger this subscriber does not know (a newer release's?): upgrade the subscriber");
        }
    }

    /** The ids of {@code records} that {@code processed_event} had not recorded, now recorded with their Merkle leaves. */
    private Set<String> firstSeen(List<ConsumerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return new HashSet<>();
        }
        List<String> ids = new ArrayList<>();
        List<byte[]> leaves = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            ids.add(header(record, "ce_id"));
            String hash = header(record, "ce_hash");
            // the leaf the event is in the ledger's Merkle log, for the witness to find it in a signed checkpoint (CheckpointWitness)
            leaves.add(hash == null ? null : MerkleHash.leaf(HexFormat.of().parseHex(hash)));
        }
        return new HashSet<>(jdbc.query(connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO processed_event (event_id, leaf_hash) "
                    + "SELECT * FROM unnest(?::varchar[], ?::bytea[]) ON CONFLICT DO NOTHING RETURNING event_id");
            insert.setArray(1, StreamPositions.texts(connection, ids));
            insert.setArray(2, connection.createArrayOf("bytea", leaves.toArray(new byte[0][])));
            return insert;
        }, (row, i) -> row.getString(1)));
    }

    /**
     * The record's stream, a kind and an id ({@link LedgerStream}, read from the CloudEvents attributes, so records
     * keyed by the id alone by the previous release count as well), and its sequence there.
     */
    private static Optional<StreamPositions.Arrival> arrival(ConsumerRecord<String, byte[]> record) {
        LedgerStream stream = LedgerStream.of(header(record, "ce_aggregatetype"), header(record, "ce_source"), header(record, "ce_subject"))
                .orElse(null);
        String sequence = header(record, "ce_sequence");
        if (stream == null || sequence == null) {
            log.warn("A record names no stream or sequence at {}-{}@{}: not tracked", record.topic(), record.partition(), record.offset());
            return Optional.empty();
        }
        return Optional.of(new StreamPositions.Arrival(stream, Long.parseLong(sequence)));
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
