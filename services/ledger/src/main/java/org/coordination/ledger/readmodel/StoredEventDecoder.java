package org.coordination.ledger.readmodel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.revision.EventRevisions;
import org.coordination.ledger.provenance.Provenance;

/**
 * Turns a stored event row into its event and the provenance the read side reads, with the event
 * serializer's own mapper but without going through the serializer for every row: its lookups per
 * call (converter, class by name, the whole metadata as a map) were a quarter of a rebuild's reading
 * (docs/benchmarks.md). The payload is read by one {@link ObjectReader} per stored type; of the
 * metadata only the five provenance entries are picked out of the JSON.
 *
 * <p>An event stored at an earlier revision is read as the current one through the contract's
 * {@link EventRevisions} steps, the same the storage engines' upcaster chain applies for Axon's processors
 * and aggregates (package {@code upcasting}).
 */
final class StoredEventDecoder {

    /** The provenance entries the read side reads from an event's metadata (all written as text). */
    record ProvenanceText(String recordedAt, String effectiveAt, String principal, String role, String citation) {
    }

    private static final Set<String> PICKED = Set.of(Provenance.RECORDED_AT, Provenance.EFFECTIVE_AT,
            Provenance.PRINCIPAL, Provenance.ROLE, Provenance.CITATION);

    private final Serializer serializer;
    private final ObjectMapper mapper;
    /** How a stored type and revision is read: looked up once, not per row. */
    private record Reading(Class<? extends LedgerEvent> type, boolean current, ObjectReader reader) {
    }

    private final Map<SimpleSerializedType, Reading> readers = new ConcurrentHashMap<>();

    StoredEventDecoder(Serializer serializer) {
        this.serializer = serializer;
        this.mapper = serializer instanceof JacksonSerializer jackson ? jackson.getObjectMapper() : null;
    }

    /**
     * A stored event as the current revision reads it.
     *
     * @param json the payload's JSON at the current revision: the stored bytes when it was stored at that
     *             revision, the stored JSON after the revision steps otherwise
     */
    record Decoded(LedgerEvent event, byte[] json) {
    }

    Decoded payload(String payloadType, String revision, byte[] payload) {
        if (mapper == null) {
            throw new IllegalStateException("The event serializer is not Jackson's: " + serializer);
        }
        Reading reading = readers.computeIfAbsent(new SimpleSerializedType(payloadType, revision), stored -> {
            Class<?> type = serializer.classForType(stored);
            return new Reading(type.asSubclass(LedgerEvent.class), Objects.equals(revision, EventRevisions.current(type)), mapper.readerFor(type));
        });
        try {
            if (!reading.current()) {
                JsonNode current = EventRevisions.toCurrent(reading.type(), revision, mapper.readTree(payload));
                return new Decoded(mapper.treeToValue(current, reading.type()), mapper.writeValueAsBytes(current));
            }
            return new Decoded(reading.reader().readValue(payload), payload);
        } catch (IOException e) {
            throw new UncheckedIOException("Event of type " + payloadType + " could not be read", e);
        }
    }

    ProvenanceText provenance(byte[] metaData) {
        if (mapper == null) {
            return slow(metaData);
        }
        String recordedAt = null;
        String effectiveAt = null;
        String principal = null;
        String role = null;
        String citation = null;
        try (JsonParser parser = mapper.getFactory().createParser(metaData)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("metadata is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    if (PICKED.contains(name)) {
                        return slow(metaData); // not what the ledger writes: read it as the serializer does
                    }
                    parser.skipChildren();
                    continue;
                }
                String text = value == JsonToken.VALUE_NULL ? null : parser.getText();
                switch (name) {
                    case Provenance.RECORDED_AT -> recordedAt = text;
                    case Provenance.EFFECTIVE_AT -> effectiveAt = text;
                    case Provenance.PRINCIPAL -> principal = text;
                    case Provenance.ROLE -> role = text;
                    case Provenance.CITATION -> citation = text;
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Event metadata could not be read", e);
        }
        return new ProvenanceText(recordedAt, effectiveAt, principal, role, citation);
    }

    private ProvenanceText slow(byte[] metaData) {
        return fromMap(serializer.deserialize(new SimpleSerializedObject<>(metaData, byte[].class, MetaData.class.getName(), null)));
    }

    static ProvenanceText fromMap(Map<String, ?> meta) {
        return new ProvenanceText(text(meta.get(Provenance.RECORDED_AT)), text(meta.get(Provenance.EFFECTIVE_AT)),
                text(meta.get(Provenance.PRINCIPAL)), text(meta.get(Provenance.ROLE)), text(meta.get(Provenance.CITATION)));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
