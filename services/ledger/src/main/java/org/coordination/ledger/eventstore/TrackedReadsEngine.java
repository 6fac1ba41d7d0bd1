package org.coordination.ledger.eventstore;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC engine whose tracked stream ends a read at the first batch shorter than the batch size, where Axon's
 * reads on until a batch comes back empty. Axon must: its statement reads a range of positions, which can come back
 * short, or empty, before more events. Read by {@code LIMIT} ({@link KindScopedStatements}), a short batch holds every
 * event there was after the token, so the empty read after it was one more transaction and query for nothing: at low
 * load one for every commit, as the store's reader reads each commit's events and then, by Axon's design, reads once
 * more before it sleeps (docs/benchmarks.md, change 31). A later read of the same stream (the reader woken again, a
 * processor's private stream asked again) goes on from where this one stopped.
 */
public final class TrackedReadsEngine extends JdbcEventStorageEngine {

    public TrackedReadsEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        return StreamSupport.stream(new Batches<>(last -> fetchTrackedEvents(last == null ? trackingToken : last.trackingToken(),
                batchSize()), batchSize()), false);
    }

    /**
     * Batches read one after another while they come back full. A read ends after a short or empty batch; asked for
     * more after that, it reads again from its last event.
     */
    static final class Batches<T> extends Spliterators.AbstractSpliterator<T> {

        private final Function<T, List<? extends T>> fetch;
        private final int batchSize;
        private Iterator<? extends T> batch;
        private boolean lastBatchShort;
        private T last;

        Batches(Function<T, List<? extends T>> fetch, int batchSize) {
            super(Long.MAX_VALUE, NONNULL | ORDERED | DISTINCT | CONCURRENT);
            this.fetch = fetch;
            this.batchSize = batchSize;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            Objects.requireNonNull(action);
            if (batch == null || !batch.hasNext()) {
                if (batch != null && lastBatchShort) {
                    batch = null; // this read is over; the next call reads again
                    return false;
                }
                List<? extends T> items = fetch.apply(last);
                lastBatchShort = items.size() < batchSize;
                if (items.isEmpty()) {
                    batch = null;
                    return false;
                }
                batch = items.iterator();
            }
            action.accept(last = batch.next());
            return true;
        }
    }
}
