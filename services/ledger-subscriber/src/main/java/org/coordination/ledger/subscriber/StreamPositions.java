package org.coordination.ledger.subscriber;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where each stream stands in the subscriber ({@code stream_position}): its last sequence, how many of its events
 * were applied, and how many arrived other than right after the last one (gaps). A poll's events are counted
 * together: one read of their streams' rows, locked for the transaction, the counting here in the records' order,
 * one write. Per event, that had been an {@code UPDATE} (and an {@code INSERT} for a new stream): a round trip each
 * to the database, on the one thread that applies every record (docs/benchmarks.md, change 61).
 *
 * <p>A position kept before streams had kinds (V3 left it with the kind {@code ''}) is taken over by the first event
 * of a stream with its id whose sequence is not 0: a stream starting at 0 is a new one.
 */
final class StreamPositions {

    /** An event of a stream, applied for the first time. */
    record Arrival(LedgerStream stream, long sequence) {
    }

    /** A stream's position as read, and what this poll added to it. */
    private static final class Position {
        /** As stored; a stream not stored yet stands before its sequence 0, with nothing applied. */
        private final long storedApplied;
        private final long storedGaps;
        long last;
        long addedApplied;
        long addedGaps;
        /** Read as a position without a kind, taken over by this stream. */
        boolean takenOver;

        Position(long last, long applied, long gaps) {
            this.last = last;
            this.storedApplied = applied;
            this.storedGaps = gaps;
        }

        static Position newStream() {
            return new Position(-1, 0, 0);
        }

        void arrive(long sequence) {
            addedGaps += sequence == last + 1 ? 0 : 1;
            last = Math.max(last, sequence);
            addedApplied++;
        }

        long applied() {
            return storedApplied + addedApplied;
        }

        long gaps() {
            return storedGaps + addedGaps;
        }
    }

    private static final String READ = "SELECT p.aggregate_type, p.aggregate_id, p.last_sequence, p.applied, p.gaps FROM stream_position p "
            + "JOIN unnest(?::varchar[], ?::varchar[]) AS s(kind, id) ON p.aggregate_id = s.id AND p.aggregate_type IN (s.kind, '') "
            + "ORDER BY p.aggregate_type, p.aggregate_id FOR UPDATE OF p";

    /**
     * What this poll added, on top of what is stored: a stream's row read and locked above gets exactly that; one that
     * did not exist but that another subscriber of the group inserted meanwhile adds to it rather than replacing it.
     */
    private static final String ADD = "INSERT INTO stream_position (aggregate_type, aggregate_id, last_sequence, applied, gaps) "
            + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[]) "
            + "ON CONFLICT (aggregate_type, aggregate_id) DO UPDATE SET last_sequence = GREATEST(stream_position.last_sequence, "
            + "EXCLUDED.last_sequence), applied = stream_position.applied + EXCLUDED.applied, gaps = stream_position.gaps + EXCLUDED.gaps";

    private static final String TAKE_OVER = "UPDATE stream_position SET aggregate_type = ?, last_sequence = ?, applied = ?, gaps = ? "
            + "WHERE aggregate_type = '' AND aggregate_id = ?";

    private StreamPositions() {
    }

    /** Advances the streams of {@code arrivals}, in their order, in the caller's transaction. */
    static void advance(JdbcTemplate jdbc, List<Arrival> arrivals) {
        if (arrivals.isEmpty()) {
            return;
        }
        Set<LedgerStream> streams = new LinkedHashSet<>();
        arrivals.forEach(arrival -> streams.add(arrival.stream()));
        Map<LedgerStream, Position> positions = new HashMap<>();
        Map<String, Position> withoutKind = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement read = connection.prepareStatement(READ);
            read.setArray(1, texts(connection, streams.stream().map(LedgerStream::kind).toList()));
            read.setArray(2, texts(connection, streams.stream().map(LedgerStream::id).toList()));
            return read;
        }, row -> {
            Position position = new Position(row.getLong(3), row.getLong(4), row.getLong(5));
            String kind = row.getString(1);
            if (kind.isEmpty()) {
                withoutKind.put(row.getString(2), position);
            } else {
                positions.put(new LedgerStream(kind, row.getString(2)), position);
            }
        });
        Map<LedgerStream, Position> changed = new LinkedHashMap<>();
        for (Arrival arrival : arrivals) {
            Position position = positions.get(arrival.stream());
            if (position == null && arrival.sequence() > 0) {
                position = withoutKind.remove(arrival.stream().id());
                if (position != null) {
                    position.takenOver = true;
                    positions.put(arrival.stream(), position);
                }
            }
            if (position == null) {
                position = Position.newStream();
                positions.put(arrival.stream(), position);
            }
            position.arrive(arrival.sequence());
            changed.put(arrival.stream(), position);
        }
        write(jdbc, changed);
    }

    private static void write(JdbcTemplate jdbc, Map<LedgerStream, Position> changed) {
        List<String> kinds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Long> lasts = new ArrayList<>();
        List<Long> applied = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        changed.forEach((stream, position) -> {
            if (position.takenOver) {
                jdbc.update(TAKE_OVER, stream.kind(), position.last, position.applied(), position.gaps(), stream.id());
                return;
            }
            kinds.add(stream.kind());
            ids.add(stream.id());
            lasts.add(position.last);
            applied.add(position.addedApplied);
            gaps.add(position.addedGaps);
        });
        if (kinds.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            PreparedStatement add = connection.prepareStatement(ADD);
            add.setArray(1, texts(connection, kinds));
            add.setArray(2, texts(connection, ids));
            add.setArray(3, connection.createArrayOf("bigint", lasts.toArray()));
            add.setArray(4, connection.createArrayOf("bigint", applied.toArray()));
            add.setArray(5, connection.createArrayOf("bigint", gaps.toArray()));
            return add;
        });
    }

    static Array texts(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("varchar", values.toArray());
    }
}
