package org.coordination.ledger.transparency;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the witnesses' topic carries for each checkpoint: the signed note, and what a witness needs to check it on its
 * own, without asking the ledger anything: the consistency proof from the checkpoint before it and the leaves added
 * since (a witness that kept the tree's right edge rebuilds the new root from them and compares it with the signed
 * one). The checkpoints table is the outbox: {@code published} is set once the broker has acknowledged one.
 */
@Component
public class CheckpointAnnouncements {

    private static final HexFormat HEX = HexFormat.of();
    /** The advisory lock announcing takes: "announce" in ASCII, apart from the checkpointer's. */
    private static final long LOCK = 0x616e6e6f756e6365L;

    /** One checkpoint as announced; hashes in hex. */
    public record Announcement(String origin, long treeSize, String rootHash, Instant issuedAt, String note, long previousTreeSize,
                               List<String> consistencyProof, List<String> leafHashes) {
    }

    private final JdbcTemplate jdbc;
    private final MerkleLogStore merkleLog;
    private final MerkleLogProperties properties;

    CheckpointAnnouncements(JdbcTemplate jdbc, MerkleLogStore merkleLog, MerkleLogProperties properties) {
        this.jdbc = jdbc;
        this.merkleLog = merkleLog;
        this.properties = properties;
    }

    public String topic() {
        return properties.checkpointTopic();
    }

    /** The key of every announcement: the log's origin, so that all of them share a partition, in order. */
    public String key() {
        return properties.origin();
    }

    /**
     * The oldest checkpoints not announced yet, up to {@code limit}, smallest first; none while another instance is
     * announcing (a transaction-scoped advisory lock): announcements from two instances at once could reach the topic
     * out of order, and a witness refuses a checkpoint that extends one it has not seen. Must run in a transaction.
     */
    public List<Announcement> unannounced(int limit) {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
            return List.of();
        }
        List<CheckpointStore.StoredCheckpoint> pending = jdbc.query("SELECT tree_size, root_hash, issued_at, note FROM merkle_checkpoint "
                        + "WHERE NOT published ORDER BY tree_size LIMIT ?",
                (row, n) -> new CheckpointStore.StoredCheckpoint(row.getLong(1), row.getBytes(2), row.getTimestamp(3).toInstant(),
                        row.getString(4)), limit);
        return pending.stream().map(this::announcement).toList();
    }

    private Announcement announcement(CheckpointStore.StoredCheckpoint checkpoint) {
        Long previous = jdbc.queryForObject("SELECT max(tree_size) FROM merkle_checkpoint WHERE tree_size < ?", Long.class,
                checkpoint.treeSize());
        long from = previous == null ? 0 : previous;
        List<String> proof = merkleLog.compute(tree -> tree.consistencyProof(from, checkpoint.treeSize())).stream().map(HEX::formatHex).toList();
        List<String> leaves = jdbc.queryForList("SELECT leaf_hash FROM merkle_leaf WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
                byte[].class, from, checkpoint.treeSize()).stream().map(HEX::formatHex).toList();
        return new Announcement(properties.origin(), checkpoint.treeSize(), HEX.formatHex(checkpoint.rootHash()), checkpoint.issuedAt(),
                checkpoint.note(), from, proof, leaves);
    }

    public void announced(long treeSize) {
        jdbc.update("UPDATE merkle_checkpoint SET published = TRUE WHERE tree_size = ?", treeSize);
    }
}
