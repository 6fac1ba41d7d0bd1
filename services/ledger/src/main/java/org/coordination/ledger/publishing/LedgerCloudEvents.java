package org.coordination.ledger.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.readmodel.EventEnvelope;

/**
 * The wire format (docs/kafka.md): one CloudEvents 1.0 record per event. {@code id} is the event id
 * (subscribers drop duplicates by it), {@code type} names the event and its revision, {@code time} is
 * when the ledger recorded it, and the extensions {@code sequence} (per stream) and
 * {@code globalindex} (the ledger's total order) let a subscriber check its own ordering; {@code hash}
 * is the event's chain hash (docs/audit.md), which a witness finds in the signed Merkle log.
 *
 * <p>A stream is an aggregate kind and an id (ADR 0003): a force {@code isf} and a command structure
 * {@code isf} are two streams, each with its own sequence. The record key is therefore
 * {@code <Kind>:<id>} ({@link #key}), the extension {@code aggregatetype} names the kind, {@code source}
 * carries both ({@code /coordination-ledger/<Kind>/<id>}), and {@code subject} is the bare id.
 */
public final class LedgerCloudEvents {

    public static final String TYPE_PREFIX = "org.coordination.ledger.";

    private LedgerCloudEvents() {
    }

    public static String type(Class<?> eventClass) {
        Revision revision = eventClass.getAnnotation(Revision.class);
        return TYPE_PREFIX + eventClass.getSimpleName() + ".v" + (revision == null ? "1" : revision.value());
    }

    /** The record key: the stream, {@code <Kind>:<id>}, so that order holds per stream and two streams never share a key. */
    public static String key(EventEnvelope envelope) {
        return new StreamId(envelope.aggregateType(), envelope.aggregateId()).qualified();
    }

    /** The record of an event whose chain hash is {@code hash} (the {@code hash} extension, hex; absent when unknown). */
    public static CloudEvent of(EventEnvelope envelope, byte[] hash, ObjectMapper json) {
        try {
            CloudEventBuilder builder = CloudEventBuilder.v1();
            if (hash != null) {
                builder.withExtension("hash", HexFormat.of().formatHex(hash));
            }
            return builder
                    .withId(envelope.eventId())
                    .withSource(URI.create("/coordination-ledger/" + envelope.aggregateType() + "/" + envelope.aggregateId()))
                    .withType(type(envelope.event().getClass()))
                    .withSubject(envelope.aggregateId())
                    .withTime(envelope.recordedAt().atOffset(ZoneOffset.UTC))
                    .withDataContentType("application/json")
                    .withExtension("aggregatetype", envelope.aggregateType())
                    .withExtension("sequence", envelope.sequence())
                    .withExtension("globalindex", envelope.globalIndex())
                    .withData(envelope.payloadJson(json)) // the stored bytes when at hand, not the event written again
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write event " + envelope.eventId(), e);
        }
    }
}
