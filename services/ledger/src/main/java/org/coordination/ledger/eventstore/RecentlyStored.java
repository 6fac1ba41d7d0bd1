package org.coordination.ledger.eventstore;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Whether an event's row was stored within the engine's {@link EngineTokens#GAP_TIMEOUT} (so that the gaps before it
 * are kept), said by the database in the statements of a bulk or a skip-ahead, which read no row's time themselves.
 *
 * <p>The event table keeps its {@code time_stamp} as text, and casting it to {@code timestamptz} in every row took
 * PostgreSQL about 1 µs a row more than this: over a million events, 3.5 s of CPU against 1.9 s for the skip-ahead's
 * aggregate queries, 2.9 s against 2.1 s for the Merkle log's reads (docs/benchmarks.md, change 88). The ledger
 * writes every stamp in one shape, UTC to the millisecond ({@code 2025-11-18T08:00:00.123Z},
 * {@link IsoInstant#formatMillis}, as Axon's engine does), whose byte order is its time order: such a row is compared
 * as bytes with the bound in that same shape. A row in any other shape (written by other software) is cast as before.
 * The bound is cut to the millisecond first, so that both comparisons say the same of every row.
 *
 * @param text the bound in the store's shape
 * @param time the same bound as a time, for the rows in another shape
 */
public record RecentlyStored(String text, OffsetDateTime time) {

    /** The condition on a row of {@code domain_event_entry}, with two parameters: {@link #text()}, then {@link #time()}. */
    public static final String CONDITION = "(CASE WHEN time_stamp COLLATE \"C\" LIKE '____-__-__T__:__:__.___Z' "
            + "THEN time_stamp COLLATE \"C\" > ? ELSE time_stamp::timestamptz > ? END)";

    /** Recent at {@code now}: stored after {@code now} less the gap timeout. */
    public static RecentlyStored at(Instant now) {
        Instant bound = now.minus(EngineTokens.GAP_TIMEOUT).truncatedTo(ChronoUnit.MILLIS);
        return new RecentlyStored(IsoInstant.formatMillis(bound), OffsetDateTime.ofInstant(bound, ZoneOffset.UTC));
    }
}
