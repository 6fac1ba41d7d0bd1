package org.coordination.ledger.eventstore;

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
     * The same from the text columns' UTF-8 bytes as the database sends them ({@link CopyRows#bytes}), for a
     * verifier reading a million rows: no text decoded into a String only to be encoded again.
     */
    public static byte[] ofStored(byte[] previous, byte[] eventId, byte[] aggregateId, long sequence, byte[] aggregateType, byte[] timestamp,
                                  byte[] payloadType, byte[] payloadRevision, byte[] payload, byte[] metaData) {
        // the encoding laid out in one buffer and hashed by one update: twenty small updates cost more than the copy
        Encoding encoding = ENCODING.get().start(length(previous) + length(eventId) + length(aggregateId) + Long.BYTES + length(aggregateType)
                + length(timestamp) + length(payloadType) + length(payloadRevision) + length(payload) + length(metaData) + 9 * Integer.BYTES);
        encoding.field(previous).field(eventId).field(aggregateId).number(sequence).field(aggregateType).field(timestamp).field(payloadType)
                .field(payloadRevision).field(payload).field(metaData);
        MessageDigest sha256 = SHA256.get();
        sha256.reset();
        sha256.update(encoding.bytes, 0, encoding.length);
        return sha256.digest();
    }

    /** A thread's buffer for the encoding, grown to the largest event it has seen. */
    private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

    private static int length(byte[] value) {
        return value == null ? 0 : value.length;
    }

    /** Each field as the SQL function writes it: its length as a big-endian int (-1 for null), then its bytes. */
    private static final class Encoding {

        byte[] bytes = new byte[4096];
        int length;

        Encoding start(int capacity) {
            if (bytes.length < capacity) {
                bytes = new byte[Math.max(capacity, 2 * bytes.length)];
            }
            length = 0;
            return this;
        }

        Encoding field(byte[] value) {
            putInt(value == null ? -1 : value.length);
            if (value != null) {
                System.arraycopy(value, 0, bytes, length, value.length);
                length += value.length;
            }
            return this;
        }

        Encoding number(long value) {
            putInt((int) (value >>> 32));
            putInt((int) value);
            return this;
        }

        private void putInt(int value) {
            bytes[length] = (byte) (value >>> 24);
            bytes[length + 1] = (byte) (value >>> 16);
            bytes[length + 2] = (byte) (value >>> 8);
            bytes[length + 3] = (byte) value;
            length += 4;
        }
    }

    private static byte[] text(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}
