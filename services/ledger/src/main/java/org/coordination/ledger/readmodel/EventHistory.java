package org.coordination.ledger.readmodel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.axonframework.serialization.Serializer;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.eventstore.IsoInstant;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.axonframework.eventhandling.TrackedEventMessage;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.coordination.ledger.eventstore.StoreHead;

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
    private final StoredEventDecoder decoder;

    public EventHistory(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.decoder = new StoredEventDecoder(serializer);
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
            + "payload_revision, payload, meta_data, time_stamp FROM domain_event_entry ";

    /** An event as the store holds it, with the time the store stamped it with (a tracking token's gaps time out by it). */
    public record Stored(EventEnvelope envelope, Instant storedAt) {
    }

    /**
     * The events at {@code gaps} that are there by now (committed late), then the events with a global index past
     * {@code after} up to {@code upTo}, in global order: what a tracking processor at that position reads next, bounded
     * by indexes rather than by a count, so that the reads of consecutive ranges need not wait for each other (a bulk
     * reads ahead on several connections). The events past {@code after} come last in the list. A bulk passes its
     * stored token's gaps with its first range only; an event committed late into a range after it was read stays a
     * gap of the token the bulk works out, and the processor that goes on from it reads the event then.
     */
    public List<Stored> range(long after, Collection<Long> gaps, long upTo) {
        List<Stored> events = new ArrayList<>();
        RowCallbackHandler add = addingTo(events);
        if (!gaps.isEmpty()) {
            jdbc.query(COLUMNS + "WHERE global_index = ANY (?) ORDER BY global_index", add, (Object) gaps.toArray(Long[]::new));
        }
        if (upTo > after) {
            jdbc.query(COLUMNS + "WHERE global_index > ? AND global_index <= ? ORDER BY global_index", add, after, upTo);
        }
        return events;
    }

    /** Adds each row of {@link #COLUMNS} to {@code events}. */
    private RowCallbackHandler addingTo(List<Stored> events) {
        return rs -> events.add(new Stored(envelope(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getLong(5), rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getBytes(9)), IsoInstant.parse(rs.getString(10))));
    }

    /** The highest global index stored, -1 for an empty store. */
    public long head() {
        return StoreHead.of(jdbc);
    }

    EventEnvelope envelope(long globalIndex, String eventId, String aggregateType, String aggregateId, long sequence,
                           String payloadType, String revision, byte[] payload, byte[] metaData) {
        StoredEventDecoder.Decoded decoded = decoder.payload(payloadType, revision, payload);
        return fromProvenance(decoded.event(), globalIndex, eventId, aggregateType, aggregateId, sequence, decoder.provenance(metaData),
                decoded.json());
    }

    /**
     * The envelope of an event a streaming processor handles. The global index is looked up by event id:
     * a tracking token's position is the highest index seen, which for an event committed late (filling
     * a gap left by a concurrent transaction) is not the event's own.
     */
    public EventEnvelope fromTracked(LedgerEvent event, org.axonframework.eventhandling.DomainEventMessage<?> message) {
        long globalIndex = globalIndex(message);
        // the bytes the store holds, not written again: a message read from the store gives them back as they are
        // (an event stored at an earlier revision: as the upcaster chain left them, the current revision's JSON)
        byte[] stored = message.serializePayload(serializer, byte[].class).getData();
        return fromProvenance(event, globalIndex, message.getIdentifier(), message.getType(), message.getAggregateIdentifier(),
                message.getSequenceNumber(), StoredEventDecoder.fromMap(message.getMetaData()), stored);
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
            // the bounds as scalar subqueries: a generic plan, planned once (KindScopedStatements, change 50)
            jdbc.query("SELECT event_identifier, global_index FROM domain_event_entry "
                            + "WHERE global_index > (SELECT ?::bigint) AND global_index <= (SELECT ?::bigint)",
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

    private static EventEnvelope fromProvenance(LedgerEvent event, long globalIndex, String eventId, String aggregateType,
                                                String aggregateId, long sequence, StoredEventDecoder.ProvenanceText meta,
                                                byte[] storedPayload) {
        Instant recordedAt = instant(meta.recordedAt());
        // an event recorded without an effective time took effect when it was recorded
        Instant effectiveAt = meta.effectiveAt() != null ? instant(meta.effectiveAt()) : recordedAt;
        return new EventEnvelope(event, globalIndex, eventId, aggregateType, aggregateId, sequence, effectiveAt, recordedAt,
                meta.principal(), meta.role(), meta.citation(), storedPayload);
    }

    private static Instant instant(String value) {
        return value == null ? Instant.EPOCH : IsoInstant.parse(value);
    }
}
