package org.coordination.ledger.transparency;

import java.sql.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Inclusion proofs for a page of events at once, against the latest signed checkpoint or the first that holds them all: the leaves in one query, every
 * path's subtrees in another, so that an audit page of a hundred events with their proofs costs two reads more.
 */
@Component
public class EventProofs {

    private static final HexFormat HEX = HexFormat.of();

    /** An event's place in the checkpoint's tree and the path from its leaf to the root (hex). */
    public record Proof(long leafIndex, List<String> path) {
    }

    /** The checkpoint the proofs lead to, and each covered event's proof by global index (an event not covered yet has none). */
    public record Proofs(CheckpointStore.StoredCheckpoint checkpoint, Map<Long, Proof> byGlobalIndex) {
    }

    private final JdbcTemplate jdbc;
    private final MerkleLogStore merkleLog;
    private final CheckpointStore checkpoints;

    EventProofs(JdbcTemplate jdbc, MerkleLogStore merkleLog, CheckpointStore checkpoints) {
        this.jdbc = jdbc;
        this.merkleLog = merkleLog;
        this.checkpoints = checkpoints;
    }

    /** Proofs in the latest signed checkpoint; empty while none has been signed. */
    public Optional<Proofs> of(Collection<Long> globalIndexes) {
        return checkpoints.latest().map(latest -> proofs(leaves(globalIndexes), latest));
    }

    /**
     * Proofs of all these events in the first signed checkpoint that holds every one of them; empty until one does (an
     * event not in the log yet, or beyond the last checkpoint).
     */
    public Optional<Proofs> inFirstCheckpointHoldingAll(Collection<Long> globalIndexes) {
        Map<Long, Long> leaves = leaves(globalIndexes);
        if (leaves.size() < globalIndexes.size() || leaves.isEmpty()) {
            return Optional.empty();
        }
        long last = leaves.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        return checkpoints.firstCovering(last).map(checkpoint -> proofs(leaves, checkpoint));
    }

    /** The leaf index of each of these events the log holds. */
    private Map<Long, Long> leaves(Collection<Long> globalIndexes) {
        Map<Long, Long> leaves = new LinkedHashMap<>();
        if (!globalIndexes.isEmpty()) {
            jdbc.query(connection -> {
                var select = connection.prepareStatement("SELECT global_index, leaf_index FROM merkle_leaf WHERE global_index = ANY(?)");
                Array indexes = connection.createArrayOf("bigint", globalIndexes.toArray());
                select.setArray(1, indexes);
                return select;
            }, row -> {
                leaves.put(row.getLong(1), row.getLong(2));
            });
        }
        return leaves;
    }

    private Proofs proofs(Map<Long, Long> allLeaves, CheckpointStore.StoredCheckpoint checkpoint) {
        long size = checkpoint.treeSize();
        Map<Long, Long> leaves = new LinkedHashMap<>();
        allLeaves.forEach((globalIndex, leafIndex) -> {
            if (leafIndex < size) {
                leaves.put(globalIndex, leafIndex);
            }
        });
        List<Long> order = new ArrayList<>(leaves.keySet());
        List<List<byte[]>> paths = merkleLog.compute(tree -> order.stream().map(g -> tree.inclusionProof(leaves.get(g), size)).toList());
        Map<Long, Proof> proofs = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            proofs.put(order.get(i), new Proof(leaves.get(order.get(i)), paths.get(i).stream().map(HEX::formatHex).toList()));
        }
        return new Proofs(checkpoint, proofs);
    }
}
