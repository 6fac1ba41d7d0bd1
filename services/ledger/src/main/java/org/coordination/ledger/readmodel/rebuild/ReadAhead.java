package org.coordination.ledger.readmodel.rebuild;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.coordination.ledger.readmodel.EventHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bulk's events from a token on, in chunks of consecutive global indexes ({@code span} of them, less any gaps), the
 * first with the events committed late into the token's gaps. Up to {@code depth} chunks are read ahead of the one
 * the bulk folds, each on a thread and a connection of its own, so that PostgreSQL reads the next chunks on one core
 * while the bulk folds on the other: one read at a time, PostgreSQL's read of a chunk (its index scan and the rows'
 * heap pages, about two thirds of a rebuild's database time) and the decoding after it were the pace of the whole bulk
 * (docs/benchmarks.md, change 85).
 *
 * <p>A range read before an event in it commits does not see that event, as a read by count would not: the token the
 * bulk works out keeps its index as a gap (while the events after it are recent), and the processor that goes on from
 * that token reads it then. The chunks come out in global order whatever order their reads finish in.
 *
 * <p>The chunks end near the store's head, which is looked at again each time the reads ahead have reached the last
 * head seen: once fewer than {@code span} indexes are left past the chunks read, those are read as one last, shorter
 * chunk and the bulk ends; the processor takes what is appended after it.
 */
final class ReadAhead implements AutoCloseable {

    /** Where the chunks are read from. */
    interface Source {
        /** The highest global index stored. */
        long head();

        /** The events at {@code gaps} by now, then those past {@code after} up to {@code upTo}, in global order. */
        List<EventHistory.Stored> range(long after, Collection<Long> gaps, long upTo);
    }

    static Source of(EventHistory history) {
        return new Source() {
            @Override
            public long head() {
                return history.head();
            }

            @Override
            public List<EventHistory.Stored> range(long after, Collection<Long> gaps, long upTo) {
                return history.range(after, gaps, upTo);
            }
        };
    }

    private static final AtomicInteger READERS = new AtomicInteger();
    /** How long {@link #close()} waits for reads under way: a read of one chunk takes well under a second. */
    static final Duration READS_END_WITHIN = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(ReadAhead.class);

    private final Source source;
    private final long span;
    private final int depth;
    private final ExecutorService readers;
    private final Deque<Future<List<EventHistory.Stored>>> reads = new ArrayDeque<>();
    /** The end of the last range asked for. */
    private long readUpTo;
    /** The head as last looked at. */
    private long head;
    /** The last, shorter chunk has been asked for: the bulk ends after it. */
    private boolean last;

    ReadAhead(Source source, GapAwareTrackingToken from, int span, int depth) {
        if (span < 1 || depth < 1) {
            throw new IllegalArgumentException("a chunk spans at least one index, and at least one is read ahead");
        }
        this.source = source;
        this.span = span;
        this.depth = depth;
        this.readers = Executors.newFixedThreadPool(depth, runnable -> {
            Thread thread = new Thread(runnable, "ledger-rebuild-reader-" + READERS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.readUpTo = from == null ? -1 : from.getIndex();
        this.head = source.head();
        Collection<Long> gaps = from == null ? List.of() : from.getGaps();
        long first = Math.max(readUpTo, Math.min(readUpTo + span, head));
        long after = readUpTo;
        reads.add(readers.submit(() -> source.range(after, gaps, first)));
        last = head - readUpTo < span;
        readUpTo = first;
        fill();
    }

    /**
     * The next chunk in global order, or null once the bulk has read up to near the head (see the class). A chunk may
     * be empty: a range of gaps only.
     */
    List<EventHistory.Stored> next() {
        if (reads.isEmpty()) {
            if (last) {
                return null;
            }
            head = source.head();
            if (head <= readUpTo) {
                return null;
            }
            last = head - readUpTo < span;
            fill();
        }
        List<EventHistory.Stored> chunk = await(reads.poll());
        fill();
        return chunk;
    }

    private void fill() {
        while (reads.size() < depth && readUpTo < head) {
            long after = readUpTo;
            long upTo = Math.min(readUpTo + span, head);
            reads.add(readers.submit(() -> source.range(after, List.of(), upTo)));
            readUpTo = upTo;
        }
    }

    private static List<EventHistory.Stored> await(Future<List<EventHistory.Stored>> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the event store", e);
        }
    }

    /**
     * Drops the chunks read ahead and waits for the reads still under way to end, so that a stopped bulk gives back
     * their connections before the processor it stands in for starts again. A read is a JDBC query, which an interrupt
     * does not end: the wait lasts as long as the slowest read in flight (a chunk's read, tens of milliseconds), bounded
     * by {@link #READS_END_WITHIN} for a store that no longer answers.
     */
    @Override
    public void close() {
        readers.shutdownNow();
        try {
            if (!readers.awaitTermination(READS_END_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Reads ahead of a bulk still under way after {}; their connections come back when they end", READS_END_WITHIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
