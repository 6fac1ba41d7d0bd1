package org.coordination.ledger.transparency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The signed checkpoints and the keys that signed them. */
@Repository
public class CheckpointStore {

    /** A checkpoint as stored: its size, root, time and the signed note as served. */
    public record StoredCheckpoint(long treeSize, byte[] rootHash, Instant issuedAt, String note) {
    }

    /** A key that signed checkpoints here, from the first tree size it signed. */
    public record SigningKey(String verifierKey, long firstTreeSize, Instant firstUsedAt) {
    }

    private static final String COLUMNS = "SELECT tree_size, root_hash, issued_at, note FROM merkle_checkpoint ";

    private final JdbcTemplate jdbc;

    public CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredCheckpoint> latest() {
        return jdbc.query(COLUMNS + "ORDER BY tree_size DESC LIMIT 1", CheckpointStore::checkpoint).stream().findFirst();
    }

    public Optional<StoredCheckpoint> ofSize(long treeSize) {
        return jdbc.query(COLUMNS + "WHERE tree_size = ?", CheckpointStore::checkpoint, treeSize).stream().findFirst();
    }

    /** The first checkpoint whose tree holds the leaf at {@code leafIndex}. */
    public Optional<StoredCheckpoint> firstCovering(long leafIndex) {
        return jdbc.query(COLUMNS + "WHERE tree_size > ? ORDER BY tree_size LIMIT 1", CheckpointStore::checkpoint, leafIndex)
                .stream().findFirst();
    }

    /** Up to {@code limit} checkpoints of trees larger than {@code after}, smallest first. */
    public List<StoredCheckpoint> after(long after, int limit) {
        return jdbc.query(COLUMNS + "WHERE tree_size > ? ORDER BY tree_size LIMIT ?", CheckpointStore::checkpoint, after, limit);
    }

    /** Records a checkpoint and the keys that signed it; a checkpoint of that size already there is kept as it is. */
    public boolean save(StoredCheckpoint checkpoint, List<NoteKeys.Verifier> signedBy) {
        int saved = jdbc.update("INSERT INTO merkle_checkpoint (tree_size, root_hash, issued_at, note) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (tree_size) DO NOTHING", checkpoint.treeSize(), checkpoint.rootHash(),
                Timestamp.from(checkpoint.issuedAt()), checkpoint.note());
        for (NoteKeys.Verifier key : signedBy) {
            jdbc.update("INSERT INTO merkle_signing_key (verifier_key, first_tree_size, first_used_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (verifier_key) DO NOTHING", key.text(), checkpoint.treeSize(), Timestamp.from(checkpoint.issuedAt()));
        }
        return saved == 1;
    }

    public List<SigningKey> signingKeys() {
        return jdbc.query("SELECT verifier_key, first_tree_size, first_used_at FROM merkle_signing_key ORDER BY first_tree_size, verifier_key",
                (row, n) -> new SigningKey(row.getString(1), row.getLong(2), row.getTimestamp(3).toInstant()));
    }

    private static StoredCheckpoint checkpoint(ResultSet row, int n) throws SQLException {
        return new StoredCheckpoint(row.getLong(1), row.getBytes(2), row.getTimestamp(3).toInstant(), row.getString(4));
    }
}
