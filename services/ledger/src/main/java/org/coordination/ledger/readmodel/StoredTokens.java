package org.coordination.ledger.readmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.coordination.ledger.eventstore.StoreHead;

/**
 * A processor's tokens as stored (one per segment), read with Axon's own serializer so that wrappers
 * such as a {@code ReplayToken} are understood. The stored tokens, not a local processor's memory:
 * whichever instance runs the processor, every instance reads the same progress. Unreadable tokens are
 * left out: the callers then report no progress rather than fail.
 */
@Component
public class StoredTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public StoredTokens(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    public List<TrackingToken> of(String processor) {
        List<TrackingToken> tokens = new ArrayList<>();
        jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (RowCallbackHandler) row -> read(row.getBytes(1), row.getString(2)).ifPresent(tokens::add), processor);
        return tokens;
    }

    /**
     * Every processor's slowest segment: the lowest position among its tokens, -1 for a segment that has no
     * token yet (it starts from the first event). Processors whose tokens are all unreadable or without a
     * position are left out.
     */
    public Map<String, Long> slowestPositions() {
        Map<String, Long> slowest = new HashMap<>();
        jdbc.query("SELECT processor_name, token, token_type FROM token_entry", row -> {
            byte[] token = row.getBytes(2);
            OptionalLong position = token == null ? OptionalLong.of(-1)
                    : read(token, row.getString(3)).map(TrackingToken::position).orElse(OptionalLong.empty());
            if (position.isPresent()) {
                slowest.merge(row.getString(1), position.getAsLong(), Math::min);
            }
        });
        return slowest;
    }

    /** The store's last global index (-1 while it is empty) and every processor's slowest position. */
    public record Progress(long head, Map<String, Long> positions) {

        /** Events between the processor's slowest position and the head. */
        public long behind(String processor) {
            return Math.max(0, head - positions.get(processor));
        }
    }

    /** How far behind the store's head every processor is, as its stored tokens say ({@link #slowestPositions()}). */
    public Progress progress() {
        return new Progress(StoreHead.of(jdbc), slowestPositions());
    }

    private Optional<TrackingToken> read(byte[] token, String type) {
        if (token == null || type == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null)));
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // left out
        }
    }
}
