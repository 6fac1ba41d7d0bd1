package org.coordination.ledger.eventstore;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many times this instance has committed events, counted after each commit (where Axon wakes the
 * store's reader). The reader uses it to tell whether anything can have been committed here since its
 * last read came back short ({@link TrackedReadsEngine}).
 */
public final class LocalCommits {

    private final AtomicLong count = new AtomicLong();

    /** Called once events are committed, before the store's reader is woken for them. */
    public void committed() {
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }
}
