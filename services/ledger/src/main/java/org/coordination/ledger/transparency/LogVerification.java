package org.coordination.ledger.transparency;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.coordination.ledger.contract.merkle.Checkpoint;
import org.coordination.ledger.contract.merkle.CompactRange;
import org.coordination.ledger.contract.merkle.MerkleHash;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.eventstore.CopyRows;
import org.coordination.ledger.eventstore.EventChainHash;

/**
 * Checks the Merkle log against its signed checkpoints, trusting only the verifier keys it is given: every checkpoint's
 * signature; then every event, in leaf order, hashed again from its content (its chain hash, then its leaf), folded
 * into the tree, and the tree's root compared with each checkpoint's signed root at its size. Whoever rewrote events
 * and recomputed their chain, and even the stored tree, cannot make the roots come out as signed. Plain JDBC, rows
 * streamed, constant memory: the service and the offline command share it.
 */
public final class LogVerification {

    /** The outcome: intact, how much was checked, and each problem found (the first of each kind that matters). */
    public record Report(boolean intact, long leavesChecked, long checkpointsChecked, long lastCheckpointSize, long leavesNotCheckpointed,
                         long eventsNotInLog, List<String> problems) {
    }

    /** Called as verification advances. */
    public interface Progress {
        void update(long leavesDone, long leavesTotal);
    }

    private static final int BATCH = 1000;

    /** An event's stored content, its text columns as the UTF-8 bytes they arrive as. */
    private record StoredEvent(long globalIndex, byte[] eventId, byte[] aggregateId, long sequence, byte[] type, byte[] timeStamp,
                               byte[] payloadType, byte[] payloadRevision, byte[] payload, byte[] metaData, byte[] previousHash) {

        byte[] leaf() {
            return MerkleHash.leaf(EventChainHash.ofStored(previousHash, eventId, aggregateId, sequence, type, timeStamp, payloadType,
                    payloadRevision, payload, metaData));
        }

        /** How a problem names the event: its id and its stream, {@code Kind:id #sequence}. */
        String named() {
            return text(eventId) + " (" + text(type) + ":" + text(aggregateId) + " #" + sequence;
        }

        private static String text(byte[] utf8) {
            return utf8 == null ? null : new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** One leaf and the event it stands for (null when the event is gone). */
    private record LeafRow(long leafIndex, byte[] recordedLeaf, long globalIndex, StoredEvent event) {
    }

    /**
     * Streams the leaves and their events, in leaf order, on a thread of its own, handing them over in batches, so that
     * reading and decoding the rows overlaps with hashing them. Both come as binary COPY streams, on two connections that
     * share one snapshot: the server sends them without waiting for the client to ask for more, as it does for a
     * cursor. The connections are this thread's alone until {@link #finish} returns.
     */
    private static final class LeafReader implements Runnable {

        private static final List<LeafRow> END = List.of();

        private final Connection eventsConnection;
        private final Connection leavesConnection;
        private final BlockingQueue<List<LeafRow>> batches = new ArrayBlockingQueue<>(8);
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Thread thread = new Thread(this, "ledger-log-verification-reader");
        private volatile boolean stopped;
        /** Events older than a logged one that no leaf stands for; complete once {@link #finish} returns. */
        private final List<StoredEvent> unlogged = new ArrayList<>();

        LeafReader(Connection eventsConnection, Connection leavesConnection) {
            this.eventsConnection = eventsConnection;
            this.leavesConnection = leavesConnection;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /**
         * The leaves in leaf order and the events in global order, two scans of their primary keys, matched here: a join
         * sorted by leaf was planned as a hash join and an external sort of every event, which dominated the run. Leaf
         * order follows global order but for events committed late, so the events read ahead of their leaf wait in a
         * small map.
         */
        @Override
        public void run() {
            try (CopyRows leafRows = CopyRows.of(leavesConnection, "SELECT leaf_index, leaf_hash, global_index FROM merkle_leaf ORDER BY leaf_index", 3);
                 CopyRows eventRows = CopyRows.of(eventsConnection, "SELECT global_index, event_identifier, aggregate_identifier, sequence_number, "
                         + "type, time_stamp, payload_type, payload_revision, payload, meta_data, previous_hash FROM domain_event_entry "
                         + "ORDER BY global_index", 11)) {
                Map<Long, StoredEvent> ahead = new HashMap<>();
                long lastEventRead = Long.MIN_VALUE;
                boolean eventsLeft = true;
                List<LeafRow> batch = new ArrayList<>(BATCH);
                while (!stopped && leafRows.next()) {
                    long leafIndex = leafRows.getLong(1);
                    byte[] recordedLeaf = leafRows.bytes(2);
                    long globalIndex = leafRows.getLong(3);
                    while (eventsLeft && lastEventRead < globalIndex) {
                        eventsLeft = eventRows.next();
                        if (eventsLeft) {
                            lastEventRead = eventRows.getLong(1);
                            // the text columns as the UTF-8 bytes they are sent as: hashed as they are, never decoded
                            ahead.put(lastEventRead, new StoredEvent(lastEventRead, eventRows.bytes(2), eventRows.bytes(3),
                                    eventRows.getLong(4), eventRows.bytes(5), eventRows.bytes(6), eventRows.bytes(7),
                                    eventRows.bytes(8), eventRows.bytes(9), eventRows.bytes(10), eventRows.bytes(11)));
                        }
                    }
                    batch.add(new LeafRow(leafIndex, recordedLeaf, globalIndex, ahead.remove(globalIndex)));
                    if (batch.size() == BATCH) {
                        batches.put(batch);
                        batch = new ArrayList<>(BATCH);
                    }
                }
                if (!batch.isEmpty() && !stopped) {
                    batches.put(batch);
                }
                if (!stopped) {
                    unlogged.addAll(ahead.values()); // read before a later leaf's event, yet in no leaf
                }
            } catch (Exception e) {
                failure.set(e);
            } finally {
                try {
                    batches.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The next batch; empty at the end. */
        List<LeafRow> next() throws SQLException {
            try {
                List<LeafRow> batch = batches.take();
                if (batch.isEmpty()) {
                    batches.put(END); // later calls see the end too
                    rethrow();
                }
                return batch;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while verifying the log", e);
            }
        }

        /** Stops the reader and waits for it: the connection is the caller's again. */
        void finish() throws SQLException {
            stopped = true;
            batches.clear();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while verifying the log", e);
            }
        }

        private void rethrow() throws SQLException {
            Exception e = failure.get();
            if (e instanceof SQLException sql) {
                throw sql;
            }
            if (e != null) {
                throw new SQLException("reading the log failed: " + e.getMessage(), e);
            }
        }
    }

    private LogVerification() {
    }

    /** Opens another connection to the database being verified. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    /**
     * Verifies the log on {@code connection}, reading the leaves on a second connection from {@code another}. Both see
     * one snapshot (exported from the first, imported by the second, as pg_dump's parallel jobs do), so a ledger that
     * goes on taking commands meanwhile is verified as it stood when the verification began.
     */
    public static Report verify(Connection connection, Connections another, List<NoteKeys.Verifier> trusted, Progress progress)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false); // one transaction, whose snapshot the second connection shares
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try (Connection leavesConnection = another.open()) {
            String snapshot = text(connection, "SELECT pg_export_snapshot()");
            leavesConnection.setAutoCommit(false);
            leavesConnection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement statement = leavesConnection.createStatement()) {
                statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
            }
            for (Connection each : List.of(connection, leavesConnection)) {
                try (Statement statement = each.createStatement()) {
                    // both scans follow their primary keys: a COPY is planned for its total cost, and with every row
                    // wanted the planner may prefer to sort a whole table (on disk) to walking its index in order
                    statement.execute("SET LOCAL enable_sort = off");
                }
            }
            try {
                return verify(connection, leavesConnection, trusted, progress);
            } finally {
                leavesConnection.rollback();
            }
        } finally {
            connection.rollback();
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Report verify(Connection connection, Connection leavesConnection, List<NoteKeys.Verifier> trusted, Progress progress)
            throws SQLException {
        List<String> problems = new ArrayList<>();
        Deque<Checkpoint> checkpoints = signedCheckpoints(connection, trusted, problems);
        long lastCheckpointSize = checkpoints.isEmpty() ? 0 : checkpoints.getLast().treeSize();
        long total = count(connection, "SELECT count(*) FROM merkle_leaf");
        CompactRange tree = new CompactRange();
        long checked = 0;
        long checkpointsChecked = 0;
        boolean leafMismatchReported = false;
        LeafReader reader = new LeafReader(connection, leavesConnection);
        reader.start();
        try {
            reading:
            for (List<LeafRow> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                for (LeafRow row : batch) {
                    if (row.leafIndex() != tree.size()) {
                        problems.add("leaf " + tree.size() + " is missing (the next leaf is " + row.leafIndex() + "): the log lost leaves");
                        break reading;
                    }
                    byte[] leaf;
                    if (row.event() == null) {
                        problems.add("leaf " + row.leafIndex() + ": its event (global index " + row.globalIndex() + ") is gone from the store");
                        leaf = row.recordedLeaf(); // go on with the recorded leaf, to check what follows
                    } else {
                        leaf = row.event().leaf();
                        if (!leafMismatchReported && !MessageDigest.isEqual(leaf, row.recordedLeaf())) {
                            problems.add("leaf " + row.leafIndex() + ": event " + row.event().named()
                                    + ") no longer has the content the log recorded for it (edited)");
                            leafMismatchReported = true;
                        }
                    }
                    tree.append(leaf);
                    checked++;
                    while (!checkpoints.isEmpty() && checkpoints.getFirst().treeSize() == tree.size()) {
                        Checkpoint checkpoint = checkpoints.removeFirst();
                        checkpointsChecked++;
                        if (!MessageDigest.isEqual(tree.root(), checkpoint.rootHash())) {
                            problems.add("checkpoint of " + checkpoint.treeSize() + " events (signed " + checkpoint.issuedAt()
                                    + "): the events no longer give its signed root; the history up to it was rewritten");
                        }
                    }
                    if (checked % 10_000 == 0 && progress != null) {
                        progress.update(checked, total);
                    }
                }
            }
        } finally {
            reader.finish();
        }
        // an event committed late, after the processor had passed its index, waits in one of its token's gaps: not skipped
        AppenderProgress appender = AppenderProgress.read(connection);
        List<StoredEvent> skipped = reader.unlogged.stream().filter(event -> !appender.waitsFor(event.globalIndex()))
                .sorted(java.util.Comparator.comparingLong(StoredEvent::globalIndex)).toList();
        for (StoredEvent event : skipped.subList(0, Math.min(10, skipped.size()))) {
            problems.add("event " + event.named() + ", global index "
                    + event.globalIndex() + ") is in no leaf, though later events are: the log skipped it, or it was inserted behind its back");
        }
        if (skipped.size() > 10) {
            problems.add((skipped.size() - 10) + " more events are in no leaf, though later events are");
        }
        for (Checkpoint beyond : checkpoints) {
            problems.add("checkpoint of " + beyond.treeSize() + " events, but the log holds " + tree.size() + " leaves: leaves were removed");
        }
        if (progress != null) {
            progress.update(checked, total);
        }
        long notInLog = count(connection, "SELECT count(*) FROM domain_event_entry e "
                + "WHERE NOT EXISTS (SELECT 1 FROM merkle_leaf l WHERE l.global_index = e.global_index)");
        return new Report(problems.isEmpty(), checked, checkpointsChecked, lastCheckpointSize, Math.max(0, tree.size() - lastCheckpointSize),
                notInLog, List.copyOf(problems));
    }

    /** The stored checkpoints whose signatures a trusted key vouches for, smallest first; the others are problems. */
    private static Deque<Checkpoint> signedCheckpoints(Connection connection, List<NoteKeys.Verifier> trusted, List<String> problems)
            throws SQLException {
        Deque<Checkpoint> checkpoints = new ArrayDeque<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT tree_size, note FROM merkle_checkpoint ORDER BY tree_size");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                long size = rows.getLong(1);
                try {
                    Checkpoint checkpoint = Checkpoint.open(rows.getString(2), trusted);
                    if (checkpoint.treeSize() != size) {
                        problems.add("checkpoint stored as " + size + " events is signed for " + checkpoint.treeSize());
                    } else {
                        checkpoints.add(checkpoint);
                    }
                } catch (InvalidProof e) {
                    problems.add("checkpoint of " + size + " events: " + e.getMessage());
                }
            }
        }
        return checkpoints;
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
