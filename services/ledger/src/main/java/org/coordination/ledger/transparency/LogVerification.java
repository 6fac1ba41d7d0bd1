package org.coordination.ledger.transparency;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.coordination.ledger.contract.merkle.Checkpoint;
import org.coordination.ledger.contract.merkle.CompactRange;
import org.coordination.ledger.contract.merkle.MerkleHash;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.eventstore.EventChainHash;
import org.postgresql.PGStatement;

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

    private static final int FETCH_SIZE = 2000;

    private LogVerification() {
    }

    public static Report verify(Connection connection, List<NoteKeys.Verifier> trusted, Progress progress) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
        try {
            List<String> problems = new ArrayList<>();
            Deque<Checkpoint> checkpoints = signedCheckpoints(connection, trusted, problems);
            long lastCheckpointSize = checkpoints.isEmpty() ? 0 : checkpoints.getLast().treeSize();
            long total = count(connection, "SELECT count(*) FROM merkle_leaf");
            CompactRange tree = new CompactRange();
            long checked = 0;
            long checkpointsChecked = 0;
            boolean leafMismatchReported = false;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT l.leaf_index, l.leaf_hash, l.global_index, e.event_identifier, e.aggregate_identifier, e.sequence_number, "
                            + "e.type, e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data, e.previous_hash "
                            + "FROM merkle_leaf l LEFT JOIN domain_event_entry e ON e.global_index = l.global_index ORDER BY l.leaf_index")) {
                statement.setFetchSize(FETCH_SIZE);
                // binary results from the first execution: the payloads and metadata are not sent as hex text to be decoded
                statement.unwrap(PGStatement.class).setPrepareThreshold(-1);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long index = rows.getLong(1);
                        if (index != tree.size()) {
                            problems.add("leaf " + tree.size() + " is missing (the next leaf is " + index + "): the log lost leaves");
                            break;
                        }
                        byte[] leaf;
                        if (rows.getString(4) == null) {
                            problems.add("leaf " + index + ": its event (global index " + rows.getLong(3) + ") is gone from the store");
                            leaf = rows.getBytes(2); // go on with the recorded leaf, to check what follows
                        } else {
                            byte[] chainHash = EventChainHash.of(rows.getBytes(13), rows.getString(4), rows.getString(5), rows.getLong(6),
                                    rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10), rows.getBytes(11),
                                    rows.getBytes(12));
                            leaf = MerkleHash.leaf(chainHash);
                            if (!leafMismatchReported && !MessageDigest.isEqual(leaf, rows.getBytes(2))) {
                                problems.add("leaf " + index + ": event " + rows.getString(4) + " (" + rows.getString(7) + ":" + rows.getString(5)
                                        + " #" + rows.getLong(6) + ") no longer has the content the log recorded for it (edited)");
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
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
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

    private static long count(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
