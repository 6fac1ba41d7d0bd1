package org.coordination.ledger.eventstore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The chain hash and the global index the store holds for each of some events, read by the events' ids (the
 * unique index on them) in blocks padded to a power of two ({@link PaddedBlocks}). The Merkle log and the Kafka
 * publisher read a batch's hashes this way. As {@code = ANY (?)} of an array the statement was planned again at
 * every batch: about 1 ms a call for a hundred ids (docs/benchmarks.md, change 52).
 */
public final class ChainHashes {

    /** What the store holds for an event: its place in the stream and its chain hash. */
    public record Stored(long globalIndex, byte[] hash) {
    }

    private static final String[] BY_IDS = PaddedBlocks.shapes(power -> "SELECT event_identifier, global_index, hash "
            + "FROM " + EventTables.SCHEMA.domainEventTable() + " WHERE event_identifier IN ("
            + PaddedBlocks.repeat(power, "?", "?") + ")");

    private ChainHashes() {
    }

    /** Each stored event among {@code eventIds}, by its id; an id the store does not hold has no entry. */
    public static Map<String, Stored> byEventIds(JdbcTemplate jdbc, List<String> eventIds) {
        Map<String, Stored> stored = new HashMap<>(eventIds.size() * 2);
        for (List<String> block : PaddedBlocks.blocks(eventIds)) {
            int power = PaddedBlocks.power(block.size());
            jdbc.query(connection -> {
                PreparedStatement select = connection.prepareStatement(BY_IDS[power]);
                for (int i = 0; i < 1 << power; i++) {
                    select.setString(i + 1, PaddedBlocks.padded(block, i));
                }
                return select;
            }, (ResultSet row) -> {
                stored.put(row.getString(1), new Stored(row.getLong(2), row.getBytes(3)));
            });
        }
        return stored;
    }
}
