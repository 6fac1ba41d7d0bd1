package org.coordination.ledger.eventstore;

import org.springframework.jdbc.core.JdbcOperations;

/**
 * The store's head: the highest global index stored. The processors' catch-ups, the bulks' reads and the token
 * progress all measure how far behind they are from it, so it is read one way everywhere: the last entry of the
 * global index's b-tree, one probe however large the store.
 */
public final class StoreHead {

    /** The head of a store with no event yet: the position before the first index, as a tracking token has it. */
    public static final long EMPTY = -1;

    private StoreHead() {
    }

    /** The highest global index stored, {@link #EMPTY} for an empty store. */
    public static long of(JdbcOperations jdbc) {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return head == null ? EMPTY : head;
    }
}
