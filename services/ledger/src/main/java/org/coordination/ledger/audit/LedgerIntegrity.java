package org.coordination.ledger.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.coordination.ledger.eventstore.CopyRows;
import org.coordination.ledger.eventstore.EventChainHash;

/**
 * Recomputes the ledger's hash chain from the events' content and says where it breaks. Plain JDBC
 * and constant memory (one stream's state at a time, rows streamed as a binary COPY), so that the service
 * and the offline command line share it. The hash is the one {@code V4__tamper_evident_event_chain.sql}
 * computes on insert: SHA-256 over the previous hash and the length-prefixed canonical content.
 *
 * <p>A stream is an aggregate kind (the {@code type} column) and an id ({@code aggregate_identifier}),
 * as the chain trigger of {@code V9__streams_per_aggregate_kind.sql} chains them and
 * {@code ledger_stream_head} records them; an event without a kind chains under the empty kind. The
 * digest does not depend on streams at all (global index and hash of each event, in global order).
 */
public final class LedgerIntegrity {

    /**
     * The first event of a stream that fails, and why. A stream is an aggregate kind and id
     * ({@code aggregateType}, {@code aggregateId}): the force {@code isf} and the command structure
     * {@code isf} are two streams. A kept digest that no longer matches names no stream (both null).
     */
    public record Break(String aggregateType, String aggregateId, long sequence, Long globalIndex, String eventId, String problem) {

        /** {@code Force:isf}, as the chain trigger names a stream; the id alone for a head recorded without a kind. */
        public String stream() {
            return aggregateType == null ? aggregateId : aggregateType + ":" + aggregateId;
        }
    }

    /** The outcome of a verification: intact, or the first break of each broken stream. */
    public record Report(boolean intact, long eventsChecked, long streamsChecked, List<Break> breaks, Digest digestCheck) {
    }

    /** A digest of the ledger up to a global position, to be kept outside the ledger. */
    public record Digest(long upToGlobalIndex, long events, String sha256) {
    }

    /** Called as verification advances. */
    public interface Progress {
        void update(long eventsDone, long eventsTotal);
    }

    private static final int FETCH_SIZE = 1000;

    private LedgerIntegrity() {
    }

    /** Checks every stream: sequences contiguous from 0, each hash recomputed, each link, each stream's recorded head. */
    public static Report verify(Connection connection, Digest kept, Progress progress) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        try {
            long total = count(connection);
            List<Break> breaks = new ArrayList<>();
            StreamCheck stream = null;
            long done = 0;
            long streams = 0;
            try (Statement settings = connection.createStatement()) {
                // the stream order of the unique key (aggregate_identifier, type, sequence_number), walked in its index: a
                // COPY is planned for its total cost, and with every row wanted the planner may prefer sorting the table
                settings.execute("SET LOCAL enable_sort = off");
            }
            // one stream after the other, as a binary COPY: the server sends the rows without waiting to be asked
            try (CopyRows rows = CopyRows.of(connection,
                    "SELECT e.aggregate_identifier, e.sequence_number, e.global_index, e.event_identifier, e.type, e.time_stamp, "
                            + "e.payload_type, e.payload_revision, e.payload, e.meta_data, e.previous_hash, e.hash, "
                            + "h.last_sequence, h.last_hash FROM domain_event_entry e "
                            + "LEFT JOIN ledger_stream_head h ON h.aggregate_identifier = e.aggregate_identifier "
                            + "AND h.aggregate_type = COALESCE(e.type, '') "
                            + "ORDER BY e.aggregate_identifier, e.type, e.sequence_number", 14)) {
                while (rows.next()) {
                    byte[] aggregateId = rows.bytes(1);
                    byte[] aggregateType = rows.bytes(5);
                    if (stream == null || !stream.is(aggregateType, aggregateId)) {
                        if (stream != null) {
                            stream.finish(breaks);
                        }
                        stream = new StreamCheck(aggregateType, aggregateId, rows.bytes(13) == null ? null : rows.getLong(13), rows.bytes(14));
                        streams++;
                    }
                    stream.check(rows, breaks);
                    if (++done % 10_000 == 0 && progress != null) {
                        progress.update(done, total);
                    }
                }
            }
            if (stream != null) {
                stream.finish(breaks);
            }
            streamsWithoutEvents(connection, breaks);
            if (progress != null) {
                progress.update(done, total);
            }
            Digest digestCheck = null;
            if (kept != null) {
                digestCheck = digest(connection, kept.upToGlobalIndex());
                if (!digestCheck.sha256().equals(kept.sha256()) || digestCheck.events() != kept.events()) {
                    breaks.add(new Break(null, null, -1, kept.upToGlobalIndex(), null, "the ledger up to global index " + kept.upToGlobalIndex()
                            + " no longer matches the kept digest " + kept.sha256() + " (" + kept.events() + " events); now "
                            + digestCheck.sha256() + " (" + digestCheck.events() + " events)"));
                }
            }
            connection.commit();
            return new Report(breaks.isEmpty(), done, streams, breaks, digestCheck);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * SHA-256 over (global index, event hash) of every event up to {@code upTo}, in global order. Kept
     * elsewhere, it lets a later verification prove that nothing at or before that position changed,
     * disappeared or appeared.
     */
    public static Digest digest(Connection connection, long upTo) throws SQLException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        long events = 0;
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT global_index, hash FROM domain_event_entry WHERE global_index <= ? ORDER BY global_index")) {
            statement.setFetchSize(FETCH_SIZE);
            statement.setLong(1, upTo);
            try (ResultSet rows = statement.executeQuery()) {
                byte[] index = new byte[8];
                while (rows.next()) {
                    long globalIndex = rows.getLong(1);
                    for (int i = 0; i < 8; i++) {
                        index[i] = (byte) (globalIndex >>> (56 - 8 * i));
                    }
                    sha256.update(index);
                    byte[] hash = rows.getBytes(2);
                    sha256.update(hash == null ? new byte[32] : hash);
                    events++;
                }
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return new Digest(upTo, events, HexFormat.of().formatHex(sha256.digest()));
    }

    private static long count(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM domain_event_entry");
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void streamsWithoutEvents(Connection connection, List<Break> breaks) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT h.aggregate_type, h.aggregate_identifier, h.last_sequence FROM ledger_stream_head h WHERE NOT EXISTS "
                        + "(SELECT 1 FROM domain_event_entry e WHERE e.aggregate_identifier = h.aggregate_identifier "
                        + "AND COALESCE(e.type, '') = h.aggregate_type) ORDER BY h.aggregate_identifier, h.aggregate_type");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                // the empty kind: a head V9 found no events for (a stream deleted before it), or an event without a kind
                String aggregateType = rows.getString(1).isEmpty() ? null : rows.getString(1);
                breaks.add(new Break(aggregateType, rows.getString(2), 0, null, null,
                        "all events of the stream are gone; its head records sequence " + rows.getLong(3)));
            }
        }
    }

    /** The state of one stream while its events go by. */
    private static final class StreamCheck {

        /** The kind and id as they are stored (UTF-8), hashed as they are; and as text, to name the stream. */
        final byte[] storedType;
        final byte[] storedId;
        final String aggregateType;
        final String aggregateId;
        final Long headSequence;
        final byte[] headHash;
        long expectedSequence;
        byte[] previousHash;
        boolean broken;

        StreamCheck(byte[] storedType, byte[] storedId, Long headSequence, byte[] headHash) {
            this.storedType = storedType;
            this.storedId = storedId;
            this.aggregateType = text(storedType);
            this.aggregateId = text(storedId);
            this.headSequence = headSequence;
            this.headHash = headHash;
        }

        boolean is(byte[] type, byte[] id) {
            return Arrays.equals(storedType, type) && Arrays.equals(storedId, id);
        }

        void check(CopyRows row, List<Break> breaks) {
            if (broken) {
                return;
            }
            long sequence = row.getLong(2);
            byte[] storedPrevious = row.bytes(11);
            byte[] stored = row.bytes(12);
            String problem = null;
            if (sequence != expectedSequence) {
                problem = expectedSequence == 0 ? "the stream does not start at sequence 0"
                        : "sequence " + expectedSequence + " is missing (the next event found is " + sequence + ")";
            } else if (!Arrays.equals(storedPrevious, previousHash)) {
                problem = "the link to the previous event is broken (removed, inserted or reordered events)";
            } else {
                byte[] recomputed = EventChainHash.ofStored(previousHash, row.bytes(4), storedId, sequence, storedType, row.bytes(6),
                        row.bytes(7), row.bytes(8), row.bytes(9), row.bytes(10));
                if (!Arrays.equals(recomputed, stored)) {
                    problem = "the content no longer matches its hash (edited)";
                }
            }
            if (problem != null) {
                breaks.add(new Break(aggregateType, aggregateId, sequence, row.getLong(3), text(row.bytes(4)), problem));
                broken = true;
                return;
            }
            previousHash = stored;
            expectedSequence++;
        }

        void finish(List<Break> breaks) {
            if (broken) {
                return;
            }
            if (headSequence == null) {
                breaks.add(new Break(aggregateType, aggregateId, expectedSequence - 1, null, null, "the stream has no recorded head (inserted behind the ledger)"));
            } else if (headSequence != expectedSequence - 1 || !Arrays.equals(headHash, previousHash)) {
                breaks.add(new Break(aggregateType, aggregateId, expectedSequence - 1, null, null, "the stream ends at sequence " + (expectedSequence - 1)
                        + " but its head records sequence " + headSequence + " (events removed from its end)"));
            }
        }

        private static String text(byte[] utf8) {
            return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
        }
    }
}
