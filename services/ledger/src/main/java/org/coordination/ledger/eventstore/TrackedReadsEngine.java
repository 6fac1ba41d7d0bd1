package org.coordination.ledger.eventstore;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC engine whose tracked stream ends a read at the first batch shorter than the batch size, where Axon's
 * reads on until a batch comes back empty. Axon must: its statement reads a range of positions, which can come back
 * short, or empty, before more events. Read by {@code LIMIT} ({@link KindScopedStatements}), a short batch holds every
 * event there was after the token, so the empty read after it was one more transaction and query for nothing: at low
 * load one for every commit, as the store's reader reads each commit's events and then, by Axon's design, reads once
 * more before it sleeps (docs/benchmarks.md, change 31). A later read of the same stream (the reader woken again, a
 * processor's private stream asked again) goes on from where this one stopped.
 *
 * <p>And an append on a thread that holds its appends ({@link HeldAppends}: a group commit's writer) is held there,
 * to be stored with the rest of its group in one batch.
 */
public final class TrackedReadsEngine extends JdbcEventStorageEngine {

    private final LocalCommits commits;
    private final ReaderReads readerReads = new ReaderReads(System::nanoTime);

    public TrackedReadsEngine(JdbcEventStorageEngine.Builder builder, LocalCommits commits) {
        super(builder);
        this.commits = commits;
    }

    /** The same text as Axon's, written without its formatter ({@link IsoInstant#formatMillis}): one for every event appended. */
    @Override
    protected void writeTimestamp(PreparedStatement statement, int position, Instant timestamp) throws SQLException {
        statement.setString(position, IsoInstant.formatMillis(timestamp));
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (!HeldAppends.held(events)) {
            super.appendEvents(events, serializer);
        }
    }

    /**
     * The store's reader ({@code mayBlock}: Axon's embedded store reading for every processor at the head) reads
     * once more after each read that found events, and only sleeps when that comes back empty. Right after a short
     * read, with no commit of this instance since it began, that read is answered empty without asking the
     * database: everything committed before it began was in it. Another instance's events are found by the
     * reader's poll (a second later, as before: its next read after a wait is always made) or with the next
     * commit here. A processor's own stream ({@code mayBlock} false) always reads.
     */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (!mayBlock) {
            return StreamSupport.stream(new Batches<>(last -> fetchTrackedEvents(last == null ? trackingToken : last.trackingToken(),
                    batchSize()), batchSize(), () -> { }), false);
        }
        long commitsBefore = commits.count();
        if (!readerReads.worthReading(commitsBefore)) {
            return Stream.empty();
        }
        return StreamSupport.stream(new Batches<>(last -> fetchTrackedEvents(last == null ? trackingToken : last.trackingToken(),
                batchSize()), batchSize(), () -> readerReads.endedShort(commitsBefore)), false);
    }

    /** Whether the store's reader's next read can find anything its last one did not. */
    static final class ReaderReads {

        /** Longer than the store's reader takes from one read to the next, far shorter than its poll (1 s). */
        static final long RE_READ_WINDOW_NANOS = 100_000_000L;

        private final LongSupplier nanoTime;
        private volatile long commitsBeforeLastShortRead = -1;
        private volatile long lastShortReadEnded;

        ReaderReads(LongSupplier nanoTime) {
            this.nanoTime = nanoTime;
        }

        /** @param commitsNow this instance's commits counted as the read would begin */
        boolean worthReading(long commitsNow) {
            return commitsNow != commitsBeforeLastShortRead || nanoTime.getAsLong() - lastShortReadEnded >= RE_READ_WINDOW_NANOS;
        }

        /** @param commitsBefore the commits counted before the read that just ended short began */
        void endedShort(long commitsBefore) {
            lastShortReadEnded = nanoTime.getAsLong();
            commitsBeforeLastShortRead = commitsBefore;
        }
    }

    /**
     * Batches read one after another while they come back full. A read ends after a short or empty batch; asked for
     * more after that, it reads again from its last event.
     */
    static final class Batches<T> extends Spliterators.AbstractSpliterator<T> {

        private final Function<T, List<? extends T>> fetch;
        private final int batchSize;
        private final Runnable endedShort;
        private Iterator<? extends T> batch;
        private boolean lastBatchShort;
        private T last;

        /** @param endedShort told each time a read ends at a short or empty batch */
        Batches(Function<T, List<? extends T>> fetch, int batchSize, Runnable endedShort) {
            super(Long.MAX_VALUE, NONNULL | ORDERED | DISTINCT | CONCURRENT);
            this.fetch = fetch;
            this.batchSize = batchSize;
            this.endedShort = endedShort;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            Objects.requireNonNull(action);
            if (batch == null || !batch.hasNext()) {
                if (batch != null && lastBatchShort) {
                    batch = null; // this read is over; the next call reads again
                    endedShort.run();
                    return false;
                }
                List<? extends T> items = fetch.apply(last);
                lastBatchShort = items.size() < batchSize;
                if (items.isEmpty()) {
                    batch = null;
                    endedShort.run();
                    return false;
                }
                batch = items.iterator();
            }
            action.accept(last = batch.next());
            return true;
        }
    }
}
