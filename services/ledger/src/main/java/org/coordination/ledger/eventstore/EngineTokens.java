package org.coordination.ledger.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;

/**
 * A tracking token moved as Axon's JDBC engine moves it for a processor reading the store's rows, so
 * that code which passes events without the processor (a rebuild's or a catch-up's bulk, a policy
 * skipping events it does not handle) leaves the processor the token it would have reached itself.
 */
public final class EngineTokens {

    /** Axon's JDBC engine's defaults, which the ledger's engine keeps: gaps this far behind are given up... */
    public static final int MAX_GAP_OFFSET = 10_000;
    /** ...and so are gaps before events stored longer ago than this. */
    public static final Duration GAP_TIMEOUT = Duration.ofMinutes(1);
    private static final long LOWEST_GLOBAL_SEQUENCE = 1;

    private EngineTokens() {
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
     * The token after events all stored before the gap timeout, {@code last} the highest of them and higher
     * than the token's index (events filling the token's gaps may be among them): what {@link #advance}
     * gives, event after event, without them. An event that is not recent keeps no gap before it, so after
     * the first one past the token's index there is none left.
     */
    public static GapAwareTrackingToken afterOldEvents(long last) {
        return GapAwareTrackingToken.newInstance(last, new TreeSet<>());
    }
}
