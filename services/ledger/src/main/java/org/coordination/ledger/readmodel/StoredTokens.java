package org.coordination.ledger.readmodel;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

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
        jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?", row -> {
            byte[] token = row.getBytes(1);
            String type = row.getString(2);
            if (token != null && type != null) {
                try {
                    tokens.add(serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null)));
                } catch (RuntimeException unreadable) {
                    // left out
                }
            }
        }, processor);
        return tokens;
    }
}
