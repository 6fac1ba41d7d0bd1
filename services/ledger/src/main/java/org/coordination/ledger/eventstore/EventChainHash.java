package org.coordination.ledger.eventstore;

import java.nio.ByteBuffer;
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

    /** One digest per thread: looking one up per event was a good part of a verification's cost. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    public static byte[] of(byte[] previous, String eventId, String aggregateId, long sequence, String aggregateType, String timestamp,
                            String payloadType, String payloadRevision, byte[] payload, byte[] metaData) {
        return ofStored(previous, text(eventId), text(aggregateId), sequence, text(aggregateType), text(timestamp), text(payloadType),
                text(payloadRevision), payload, metaData);
    }

    /**
     * The same from the text columns' UTF-8 bytes as the database sends them ({@code ResultSet.getBytes}), for a
     * verifier reading a million rows: no text decoded into a String only to be encoded again.
     */
    public static byte[] ofStored(byte[] previous, byte[] eventId, byte[] aggregateId, long sequence, byte[] aggregateType, byte[] timestamp,
                                  byte[] payloadType, byte[] payloadRevision, byte[] payload, byte[] metaData) {
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
        field(sha256, number, previous);
        field(sha256, number, eventId);
        field(sha256, number, aggregateId);
        sha256.update(number.clear().putLong(sequence).array(), 0, Long.BYTES);
        field(sha256, number, aggregateType);
        field(sha256, number, timestamp);
        field(sha256, number, payloadType);
        field(sha256, number, payloadRevision);
        field(sha256, number, payload);
        field(sha256, number, metaData);
        return sha256.digest();
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** A field as the SQL function writes it: its length as a big-endian int (-1 for null), then its bytes. */
    private static void field(MessageDigest sha256, ByteBuffer number, byte[] value) {
        sha256.update(number.clear().putInt(value == null ? -1 : value.length).array(), 0, Integer.BYTES);
        if (value != null) {
            sha256.update(value);
        }
    }
}
