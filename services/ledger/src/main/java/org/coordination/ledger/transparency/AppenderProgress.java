package org.coordination.ledger.transparency;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.coordination.ledger.eventstore.EngineTokens;

/**
 * How far the merkle-log processor had come, as its stored token says in the snapshot a verification reads: the last
 * global index it passed and the gaps below it it still waits for (indexes taken by appends not committed when it
 * passed them). An event committed late into such a gap is in the store but in no leaf yet, though later events are:
 * the processor appends it at its next look, so a verification of a ledger taking commands must not call it skipped.
 * Any event it had passed without a gap, or with an unreadable token every event, is judged as before.
 */
record AppenderProgress(long index, Set<Long> gaps) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GAP_AWARE = "org.axonframework.eventhandling.GapAwareTrackingToken";
    /** No token read: nothing is waited for, every event without a leaf is reported. */
    static final AppenderProgress UNKNOWN = new AppenderProgress(Long.MAX_VALUE, Set.of());

    /** Whether the processor had yet to append the event at {@code globalIndex}. */
    boolean waitsFor(long globalIndex) {
        return globalIndex > index || gaps.contains(globalIndex);
    }

    /** The merkle-log processor's stored token on {@code connection}, in its transaction's snapshot. */
    static AppenderProgress read(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT token, token_type FROM token_entry WHERE processor_name = ?")) {
            statement.setString(1, MerkleLogAppender.PROCESSING_GROUP);
            AppenderProgress progress = null;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    AppenderProgress segment = of(rows.getBytes(1), rows.getString(2));
                    if (segment == UNKNOWN) {
                        return UNKNOWN;
                    }
                    progress = progress == null ? segment : progress.and(segment);
                }
            }
            return progress == null ? UNKNOWN : progress;
        }
    }

    /** A token as Axon's Jackson serializer stores it ({@code {"index":…,"gaps":[…]}}); any other kind is {@link #UNKNOWN}. */
    static AppenderProgress of(byte[] token, String type) {
        if (token == null || !GAP_AWARE.equals(type)) {
            return UNKNOWN;
        }
        try {
            GapAwareTrackingToken stored = EngineTokens.fromJson(JSON.readTree(token));
            return new AppenderProgress(stored.getIndex(), Set.copyOf(stored.getGaps()));
        } catch (IOException | IllegalArgumentException unreadable) {
            return UNKNOWN;
        }
    }

    /** Two segments' progress: the lower index, and every gap of either. */
    private AppenderProgress and(AppenderProgress other) {
        Set<Long> both = new HashSet<>(gaps);
        both.addAll(other.gaps);
        return new AppenderProgress(Math.min(index, other.index), Set.copyOf(both));
    }
}
