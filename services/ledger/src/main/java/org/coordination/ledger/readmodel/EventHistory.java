package org.coordination.ledger.readmodel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.provenance.Provenance;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.axonframework.eventhandling.TrackedEventMessage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the events of a few streams from the event store, in global order, for as-of reads: only
 * the streams a view is made of, never the whole store. A stream is an aggregate kind and an id: the
 * force {@code isf} and the command structure {@code isf} are two streams, and a view of one never
 * reads the other's events.
 */
@Component
public class EventHistory {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public EventHistory(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** One stream: an aggregate kind (the {@code type} column, e.g. {@code Force}) and its id. */
    public record Stream(String aggregateType, String aggregateId) {
    }

    /** The events of these streams that {@code asOf} includes, in global order. */
    public List<EventEnvelope> of(Collection<Stream> streams, AsOf asOf) {
        if (streams.isEmpty()) {
            return List.of();
        }
        List<EventEnvelope> events = new ArrayList<>();
        // By the ids, the leading column of the unique key (aggregate_identifier, type, sequence_number), and the
        // kinds (an index scan, under a millisecond for a 100-event stream at a million events, generic plan
        // or not); the exact (kind, id) pairs are kept here.
        java.util.Set<Stream> wanted = java.util.Set.copyOf(streams);
        jdbc.query("SELECT global_index, event_identifier, type, aggregate_identifier, sequence_number, payload_type, "
                        + "payload_revision, payload, meta_data FROM domain_event_entry "
                        + "WHERE aggregate_identifier = ANY (?) AND type = ANY (?) ORDER BY global_index",
                rs -> {
                    if (!wanted.contains(new Stream(rs.getString(3), rs.getString(4)))) {
                        return;
                    }
                    EventEnvelope envelope = envelope(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getBytes(9));
                    if (asOf.includes(envelope)) {
                        events.add(envelope);
                    }
                },
                streams.stream().map(Stream::aggregateId).distinct().toArray(String[]::new),
                streams.stream().map(Stream::aggregateType).distinct().toArray(String[]::new));
        return events;
    }

    private static final String COLUMNS = "SELECT global_index, event_identifier, type, aggregate_identifier, sequence_number, payload_type, "
            + "payload_revision, payload, meta_data FROM domain_event_entry ";

    /** Up to {@code limit} events after {@code after} and at most {@code upTo}, in global order (a rebuild's batches). */
    public List<EventEnvelope> batch(long after, long upTo, int limit) {
        return jdbc.query(COLUMNS + "WHERE global_index > ? AND global_index <= ? ORDER BY global_index LIMIT ?",
                (rs, i) -> envelope(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                        rs.getString(7), rs.getBytes(8), rs.getBytes(9)), after, upTo, limit);
    }

    /** The events at these global indexes, in global order. */
    public List<EventEnvelope> at(Collection<Long> globalIndexes) {
        if (globalIndexes.isEmpty()) {
            return List.of();
        }
        return jdbc.query(COLUMNS + "WHERE global_index = ANY (?) ORDER BY global_index",
                (rs, i) -> envelope(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                        rs.getString(7), rs.getBytes(8), rs.getBytes(9)), (Object) globalIndexes.toArray(Long[]::new));
    }

    EventEnvelope envelope(long globalIndex, String eventId, String aggregateType, String aggregateId, long sequence,
                           String payloadType, String revision, byte[] payload, byte[] metaData) {
        SerializedType type = new SimpleSerializedType(payloadType, revision);
        LedgerEvent event = serializer.deserialize(new SimpleSerializedObject<>(payload, byte[].class, type));
        MetaData meta = serializer.deserialize(new SimpleSerializedObject<>(metaData, byte[].class, MetaData.class.getName(), null));
        return fromMessage(event, globalIndex, eventId, aggregateType, aggregateId, sequence, meta, payload);
    }

    /**
     * The envelope of an event a streaming processor handles. The global index is looked up by event id:
     * a tracking token's position is the highest index seen, which for an event committed late (filling
     * a gap left by a concurrent transaction) is not the event's own.
     */
    public EventEnvelope fromTracked(LedgerEvent event, org.axonframework.eventhandling.DomainEventMessage<?> message) {
        long globalIndex = globalIndex(message);
        // the bytes the store holds, not written again: a message read from the store gives them back as they are
        byte[] stored = message.serializePayload(serializer, byte[].class).getData();
        return fromMessage(event, globalIndex, message.getIdentifier(), message.getType(), message.getAggregateIdentifier(),
                message.getSequenceNumber(), message.getMetaData(), stored);
    }

    /** Global indexes looked up ahead of the processors, by event id; the least recently used go first. */
    private final Map<String, Long> knownIndexes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > 20_000;
        }
    };

    /**
     * One query per event was the read models' and the publisher's main cost while catching up
     * (docs/benchmarks.md): on a miss, the ids of the events from the token's position on are read in
     * one go, since the processor will ask for them next. A caught-up processor reads only the few
     * events there are. An event committed late lies below the token's position and is looked up alone.
     */
    private long globalIndex(org.axonframework.eventhandling.DomainEventMessage<?> message) {
        String eventId = message.getIdentifier();
        synchronized (knownIndexes) {
            Long known = knownIndexes.get(eventId); // an event's index never changes: safe to remember
            if (known != null) {
                return known;
            }
        }
        long position = message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                ? tracked.trackingToken().position().orElse(-1) : -1;
        if (position >= 0) {
            Map<String, Long> window = new HashMap<>();
            jdbc.query("SELECT event_identifier, global_index FROM domain_event_entry WHERE global_index > ? AND global_index <= ?",
                    rs -> {
                        window.put(rs.getString(1), rs.getLong(2));
                    }, position - 1, position + LOOK_AHEAD);
            Long found = window.remove(eventId);
            if (found != null) {
                synchronized (knownIndexes) {
                    knownIndexes.putAll(window);
                }
                return found;
            }
        }
        Long globalIndex = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class,
                eventId);
        return globalIndex == null ? -1 : globalIndex;
    }

    // how far past the token's position a miss reads
    private static final long LOOK_AHEAD = 2_000;

    private static EventEnvelope fromMessage(LedgerEvent event, long globalIndex, String eventId, String aggregateType,
                                             String aggregateId, long sequence, MetaData meta, byte[] storedPayload) {
        Instant recordedAt = instant(meta.get(Provenance.RECORDED_AT));
        Instant effectiveAt = instant(meta.get(Provenance.EFFECTIVE_AT));
        return new EventEnvelope(event, globalIndex, eventId, aggregateType, aggregateId, sequence,
                effectiveAt != null ? effectiveAt : recordedAt, recordedAt, text(meta.get(Provenance.PRINCIPAL)),
                text(meta.get(Provenance.ROLE)), text(meta.get(Provenance.CITATION)), storedPayload);
    }

    private static Instant instant(Object value) {
        return value == null ? Instant.EPOCH : IsoInstant.parse(value.toString());
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
