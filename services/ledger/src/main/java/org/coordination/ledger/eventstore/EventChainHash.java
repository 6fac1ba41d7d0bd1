package org.coordination.ledger.eventstore;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An event's chain hash, as {@code V4__tamper_evident_event_chain.sql} computes it on insert: SHA-256 over the previous
 * event's hash of its stream and the event's canonical content (event id, aggregate id, sequence, aggregate type,
 * timestamp, payload type and revision, payload, metadata), each field length-prefixed (-1 for null) so that no two
 * different events share an encoding. The chain's verification and the Merkle log's both recompute it from the rows.
 */
public final class EventChainHash {

    private EventChainHash() {
    }

    public static byte[] of(byte[] previous, String eventId, String aggregateId, long sequence, String aggregateType, String timestamp,
                            String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + (payload == null ? 0 : payload.length)
                    + (metaData == null ? 0 : metaData.length));
            DataOutputStream out = new DataOutputStream(bytes);
            field(out, previous);
            field(out, text(eventId));
            field(out, text(aggregateId));
            out.writeLong(sequence);
            field(out, text(aggregateType));
            field(out, text(timestamp));
            field(out, text(payloadType));
            field(out, text(payloadRevision));
            field(out, payload);
            field(out, metaData);
            return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
    }
}
