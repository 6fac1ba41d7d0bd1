package org.coordination.ledger.transparency;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coordination.ledger.contract.merkle.MerkleHash;
import org.coordination.ledger.contract.merkle.MerkleTree;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The Merkle log's tables: leaves, the hashes of complete subtrees, and the trees they make. Appends run in the
 * merkle-log processor's transaction; reads anywhere.
 *
 * <p>Only the subtrees of {@value #LOWEST_STORED_LEVEL} levels and more (32 leaves and up) are stored; one below that
 * is hashed from its at most 16 leaves when it is needed. A full tree has as many subtrees as leaves, so storing them
 * all kept a second row and index entry per event, which the log's bulk, autovacuum and backups carried (the catch-up
 * after a start was no shorter without them: docs/benchmarks.md, change 80). Stored from level 5 up, the subtrees are
 * about a sixteenth of the leaves; a root or a proof reads a few dozen leaves more at most (30 for a root), by their
 * primary key, in the same query.
 */
@Repository
public class MerkleLogStore {

    /** The lowest level of subtree {@code merkle_node} holds; below it, a subtree is hashed from its leaves. */
    static final int LOWEST_STORED_LEVEL = 5;

    /** A complete subtree: level {@code level} (leaves are level 0), the {@code index}-th of its level. */
    public record Node(int level, long index) {
    }

    /** A leaf of the log and the event it stands for. */
    public record Leaf(long leafIndex, long globalIndex, String eventId, byte[] leafHash, byte[] eventHash) {
    }

    private final JdbcTemplate jdbc;

    public MerkleLogStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many events the log holds: the size of the largest tree it can give. */
    public long size() {
        Long last = jdbc.queryForObject("SELECT max(leaf_index) FROM merkle_leaf", Long.class);
        return last == null ? 0 : last + 1;
    }

    /**
     * Appends the events (by id, in the order given) as the next leaves, and the complete subtrees they close: one
     * read of the events' chain hashes (by the unique index on their ids), then {@link #appendStored}. Must run in a
     * transaction, by the one writer of the log.
     */
    public void append(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return;
        }
        Map<String, StoredEvent> stored = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement select = connection.prepareStatement(
                    "SELECT event_identifier, global_index, hash FROM domain_event_entry WHERE event_identifier = ANY(?)");
            select.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            return select;
        }, (ResultSet row) -> {
            stored.put(row.getString(1), new StoredEvent(row.getLong(2), row.getBytes(3)));
        });
        List<StoredEvent> events = new ArrayList<>(eventIds.size());
        for (String eventId : eventIds) {
            StoredEvent event = stored.get(eventId);
            if (event == null) {
                // an event the processor was handed is not in the store: nothing may be appended out of order
                throw new IllegalStateException("an event to append to the Merkle log is not in the store: " + eventId);
            }
            events.add(event);
        }
        appendStored(events);
    }

    /** An event as the log takes it: its place in the store and the chain hash the store holds for it. */
    public record StoredEvent(long globalIndex, byte[] chainHash) {
    }

    /**
     * Appends these stored events, in the order given, as the next leaves, and the complete subtrees they close: one
     * insert of the leaves, one read of the subtrees they build on, one insert of the new ones. Must run in a
     * transaction, by the one writer of the log.
     */
    public void appendStored(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        long first = size();
        List<byte[]> leafHashes = new ArrayList<>(events.size());
        Long[] leafIndexes = new Long[events.size()];
        Long[] leafGlobalIndexes = new Long[events.size()];
        for (int i = 0; i < events.size(); i++) {
            StoredEvent event = events.get(i);
            if (event.chainHash() == null) {
                throw new IllegalStateException("the event at global index " + event.globalIndex() + " has no chain hash");
            }
            leafHashes.add(MerkleHash.leaf(event.chainHash()));
            leafIndexes[i] = first + i;
            leafGlobalIndexes[i] = event.globalIndex();
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO merkle_leaf (leaf_index, global_index, leaf_hash) SELECT * FROM unnest(?::bigint[], ?::bigint[], ?::bytea[])")) {
                insert.setArray(1, connection.createArrayOf("bigint", leafIndexes));
                insert.setArray(2, connection.createArrayOf("bigint", leafGlobalIndexes));
                insert.setArray(3, connection.createArrayOf("bytea", leafHashes.toArray(byte[][]::new)));
                insert.executeUpdate();
                return null;
            }
        });
        insertNodes(closedSubtrees(first, leafHashes));
    }

    /**
     * The complete subtrees of the stored levels that leaves {@code first}… close, computed from the subtrees of the
     * first {@code first} leaves they build on (read in one query) and from each other.
     */
    private Map<Node, byte[]> closedSubtrees(long first, List<byte[]> leafHashes) {
        Map<Node, byte[]> known = new HashMap<>(nodes(frontier(first)));
        Map<Node, byte[]> closed = new java.util.LinkedHashMap<>();
        for (int i = 0; i < leafHashes.size(); i++) {
            long index = first + i;
            byte[] hash = leafHashes.get(i);
            known.put(new Node(0, index), hash);
            int level = 0;
            while ((index & 1) == 1) { // a right child closes its parent
                byte[] left = known.get(new Node(level, index - 1));
                if (left == null) {
                    throw new IllegalStateException("the Merkle log lacks subtree " + level + "/" + (index - 1));
                }
                hash = MerkleHash.node(left, hash);
                level++;
                index >>= 1;
                Node parent = new Node(level, index);
                known.put(parent, hash);
                if (level >= LOWEST_STORED_LEVEL) {
                    closed.put(parent, hash);
                }
            }
        }
        return closed;
    }

    /** The complete subtrees the first {@code size} leaves make, left to right: one per bit of {@code size}. */
    static List<Node> frontier(long size) {
        List<Node> nodes = new ArrayList<>();
        for (int level = 63; level >= 0; level--) {
            if ((size >> level & 1) == 1) {
                nodes.add(new Node(level, (size >> level) - 1));
            }
        }
        return nodes;
    }

    private void insertNodes(Map<Node, byte[]> nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        jdbc.execute((Connection connection) -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO merkle_node (level, node_index, hash) SELECT * FROM unnest(?::smallint[], ?::bigint[], ?::bytea[])")) {
                List<Node> keys = new ArrayList<>(nodes.keySet());
                insert.setArray(1, connection.createArrayOf("smallint", keys.stream().map(n -> (short) n.level()).toArray()));
                insert.setArray(2, connection.createArrayOf("bigint", keys.stream().map(Node::index).toArray()));
                insert.setArray(3, connection.createArrayOf("bytea", keys.stream().map(nodes::get).toArray(byte[][]::new)));
                insert.executeUpdate();
                return null;
            }
        });
    }

    /** The hashes of these complete subtrees (leaves at level 0), in one query; a subtree not in the log is absent. */
    public Map<Node, byte[]> nodes(Set<Node> wanted) {
        return nodes(new ArrayList<>(wanted));
    }

    private Map<Node, byte[]> nodes(List<Node> wanted) {
        // the stored rows to read: a wanted leaf or stored subtree itself, and the leaves of a subtree below the stored levels
        Set<Node> rows = new LinkedHashSet<>();
        for (Node node : wanted) {
            if (stored(node)) {
                rows.add(node);
            } else {
                for (long leaf = node.index() << node.level(); leaf < (node.index() + 1) << node.level(); leaf++) {
                    rows.add(new Node(0, leaf));
                }
            }
        }
        Map<Node, byte[]> read = storedRows(new ArrayList<>(rows));
        Map<Node, byte[]> found = new HashMap<>();
        for (Node node : wanted) {
            byte[] hash = stored(node) ? read.get(node) : fromLeaves(node.level(), node.index(), read);
            if (hash != null) {
                found.put(node, hash);
            }
        }
        return found;
    }

    private static boolean stored(Node node) {
        return node.level() == 0 || node.level() >= LOWEST_STORED_LEVEL;
    }

    /** The hash of a complete subtree from its leaves among those read, or null if one of them is not in the log. */
    private static byte[] fromLeaves(int level, long index, Map<Node, byte[]> read) {
        if (level == 0) {
            return read.get(new Node(0, index));
        }
        byte[] left = fromLeaves(level - 1, 2 * index, read);
        byte[] right = left == null ? null : fromLeaves(level - 1, 2 * index + 1, read);
        return right == null ? null : MerkleHash.node(left, right);
    }

    private Map<Node, byte[]> storedRows(List<Node> wanted) {
        Map<Node, byte[]> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        jdbc.execute((Connection connection) -> {
            // one index lookup per row: a join here was planned as a hash join over the whole table (the planner
            // guesses 100 rows for unnest), which made each batch's append cost grow with the log
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT k.level, k.node_index,
                           CASE WHEN k.level = 0 THEN (SELECT l.leaf_hash FROM merkle_leaf l WHERE l.leaf_index = k.node_index)
                                ELSE (SELECT n.hash FROM merkle_node n WHERE n.level = k.level AND n.node_index = k.node_index) END
                      FROM unnest(?::int[], ?::bigint[]) AS k(level, node_index)""")) {
                Array levels = connection.createArrayOf("int", wanted.stream().map(Node::level).toArray());
                Array indexes = connection.createArrayOf("bigint", wanted.stream().map(Node::index).toArray());
                select.setArray(1, levels);
                select.setArray(2, indexes);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        byte[] hash = rows.getBytes(3);
                        if (hash != null) {
                            found.put(new Node(rows.getInt(1), rows.getLong(2)), hash);
                        }
                    }
                }
                return null;
            }
        });
        return found;
    }

    /**
     * The tree as the log stores it, for trees of at most {@link #size()} leaves: each computation asks for the
     * complete subtrees it needs, which are read in one query, and then runs again on them.
     */
    public <T> T compute(java.util.function.Function<MerkleTree, T> computation) {
        Set<Node> needed = new LinkedHashSet<>();
        computation.apply(new StoredTree(node -> {
            needed.add(node);
            return new byte[MerkleHash.LENGTH];
        }));
        Map<Node, byte[]> found = nodes(needed);
        return computation.apply(new StoredTree(node -> {
            byte[] hash = found.get(node);
            if (hash == null) {
                throw new IllegalStateException("the Merkle log has no subtree " + node.level() + "/" + node.index());
            }
            return hash;
        }));
    }

    /** A tree whose complete subtrees come from the log: those stored, and those below the stored levels from their leaves. */
    private static final class StoredTree extends MerkleTree {

        private final java.util.function.Function<Node, byte[]> subtrees;

        StoredTree(java.util.function.Function<Node, byte[]> subtrees) {
            super(index -> subtrees.apply(new Node(0, index)));
            this.subtrees = subtrees;
        }

        @Override
        protected byte[] subtreeRoot(long from, long to) {
            long width = to - from;
            if (Long.bitCount(width) == 1 && from % width == 0) {
                return subtrees.apply(new Node(Long.numberOfTrailingZeros(width), from / width));
            }
            return super.subtreeRoot(from, to);
        }
    }

    /** The leaf of the event with this id, if the log holds it yet. */
    public Optional<Leaf> leafOf(String eventId) {
        return jdbc.query("""
                SELECT l.leaf_index, l.global_index, e.event_identifier, l.leaf_hash, e.hash
                  FROM domain_event_entry e JOIN merkle_leaf l ON l.global_index = e.global_index
                 WHERE e.event_identifier = ?""", (row, n) -> new Leaf(row.getLong(1), row.getLong(2), row.getString(3),
                row.getBytes(4), row.getBytes(5)), eventId).stream().findFirst();
    }

    /** Whether the store holds an event with this id (in the log or not yet). */
    public boolean eventExists(String eventId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM domain_event_entry WHERE event_identifier = ?)",
                Boolean.class, eventId));
    }
}
