package org.coordination.ledger.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * A tracking token moved as Axon's JDBC engine moves it for a processor reading the store's rows, so
 * that code which passes events without the processor (a rebuild's or a catch-up's bulk, a policy
 * skipping events it does not handle) leaves the processor the token it would have reached itself.
 */
public final class EngineTokens {

    /**
     * How the ledger's engine gives a gap up (a position taken by a transaction not committed yet, or never): once this
     * many positions lie beyond it...
     *
     * <p>A processor that gives a gap up never reads the event that fills it later, so these bound how late an
     * acknowledged event may commit and still be projected, published and logged. Axon's defaults, 10,000 positions
     * and a minute, gave up a gap after about 5 s at the ledger's highest rates (some 2,000 events a second): a
     * policies' batch or a command's transaction held up that long (a slow disk, a lock, the processors' lower
     * priority, a network partition that heals) could commit events no processor would ever read. So: a million
     * positions, minutes at any rate this service reaches, and five minutes, against transactions PostgreSQL ends
     * after two minutes without a word from the service ({@code idle_in_transaction_session_timeout} and the TCP
     * timeouts in {@code application.yml}; docs/reliability.md, "Late commits"). The price is gaps kept longer in the
     * tokens: positions of transactions rolled back (a conflict, a group handled again one by one), which the engine
     * gives up by their age at the head as well ({@link #cleanGapsStatement}).
     */
    public static final int MAX_GAP_OFFSET = 1_000_000;
    /** ...or once the events after it were stored longer ago than this (the engine's gap timeout). */
    public static final Duration GAP_TIMEOUT = Duration.ofMinutes(5);
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;

    private EngineTokens() {
    }

    /**
     * The rows Axon's engine looks at to give gaps up at the head ({@code cleanGaps}, run at every read of a token with
     * more than one gap: the engine's gap cleaning threshold is 1, the lowest Axon takes, so a single old gap stays until
     * a second comes or a million positions pass): each gap's own row, should it have been committed since, and the
     * event right after it, in order. A gap goes once the event after it was stored longer ago than the
     * {@link #GAP_TIMEOUT}; a row of a gap, or an event stored within it, stops the cleaning there. Axon's own statement
     * reads every row from the first gap to the last, which with gaps kept up to {@link #MAX_GAP_OFFSET} positions apart
     * could be a million rows at every read; and Axon's threshold, 250 gaps, kept up to 250 at the head until a million
     * positions had passed, each in every read's list of positions.
     */
    public static PreparedStatement cleanGapsStatement(Connection connection, EventSchema schema, SortedSet<Long> gaps) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.globalIndexColumn() + ", " + schema.timestampColumn()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " = ANY (?) ORDER BY "
                + schema.globalIndexColumn());
        statement.setArray(1, connection.createArrayOf("bigint", gaps.stream().flatMap(gap -> Stream.of(gap, gap + 1)).distinct().toArray()));
        return statement;
    }

    /**
     * A gap-aware token as Axon's Jackson serializer stores it in {@code token_entry} ({@code {"index":…,"gaps":[…]}}), read
     * without Axon's serializer (a migration's SQL copy of one, a verification on a bare connection).
     *
     * @throws IllegalArgumentException when it is no such token
     */
    public static GapAwareTrackingToken fromJson(JsonNode stored) {
        if (!stored.path("index").isIntegralNumber()) {
            throw new IllegalArgumentException("not a gap-aware token: " + stored);
        }
        List<Long> gaps = new ArrayList<>();
        stored.path("gaps").forEach(gap -> gaps.add(gap.asLong()));
        return GapAwareTrackingToken.newInstance(stored.get("index").asLong(), gaps);
    }

    /**
     * The token after the event at {@code index}; the indexes it skips are kept as gaps only if that event
     * was stored within the {@link #GAP_TIMEOUT} ({@code recent}), as the engine keeps them.
     */
    public static GapAwareTrackingToken advance(GapAwareTrackingToken token, long index, boolean recent) {
        if (token == null) {
            SortedSet<Long> gaps = new TreeSet<>();
            if (recent) {
                LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, index), index).forEach(gaps::add);
            }
            return GapAwareTrackingToken.newInstance(index, gaps);
        }
        return token.advanceTo(index, recent ? MAX_GAP_OFFSET : 0);
    }

    /**
     * The token after the events at {@code filled}, some of its gaps committed late, taken in order as the engine takes
     * them: all recent, or all stored before the gap timeout (each of which gives up the gaps below it too).
     */
    public static GapAwareTrackingToken afterFilledGaps(GapAwareTrackingToken token, Collection<Long> filled, boolean recent) {
        GapAwareTrackingToken after = token;
        for (long gap : new TreeSet<>(filled)) {
            after = advance(after, gap, recent);
        }
        return after;
    }

    /**
     * The token after events all stored before the gap timeout, {@code last} the highest of them and higher
     * than the token's index (events filling the token's gaps may be among them): what {@link #advance}
     * gives, event after event, without them. An event that is not recent keeps no gap before it, so after
     * the first one past the token's index there is none left.
     */
    public static GapAwareTrackingToken afterOldEvents(long last) {
        return GapAwareTrackingToken.newInstance(last, new TreeSet<>());
    }

    /**
     * The token after recent events (stored within the {@link #GAP_TIMEOUT}) with no index missing past the token's:
     * those at {@code filled}, some of its gaps committed late, then every index after its own up to {@code last}: what
     * {@link #advance} gives, event after event, without them. A run without a missing index adds no gap; the gaps left
     * are those not filled, less any more than {@link #MAX_GAP_OFFSET} below the end. That limit only rises from step to
     * step, so the last step alone decides it: it is taken from the index before {@code last}.
     */
    public static GapAwareTrackingToken afterRecentRun(GapAwareTrackingToken token, Collection<Long> filled, long last) {
        GapAwareTrackingToken after = afterFilledGaps(token, filled, true);
        if (last <= after.getIndex()) {
            return after;
        }
        if (last - 1 > after.getIndex()) {
            after = GapAwareTrackingToken.newInstance(last - 1, after.getGaps());
        }
        return advance(after, last, true);
    }
}
