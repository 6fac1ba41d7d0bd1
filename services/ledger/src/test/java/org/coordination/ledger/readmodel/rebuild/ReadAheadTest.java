package org.coordination.ledger.readmodel.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventHistory;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    /** A store holding an event at every index up to its head; records each read as (after, gaps, upTo). */
    static class Store implements ReadAhead.Source {
        final List<String> reads = Collections.synchronizedList(new ArrayList<>());
        final LongSupplier heads;

        Store(LongSupplier heads) {
            this.heads = heads;
        }

        @Override
        public long head() {
            return heads.getAsLong();
        }

        @Override
        public List<EventHistory.Stored> range(long after, Collection<Long> gaps, long upTo) {
            reads.add(after + " " + gaps + " " + upTo);
            List<EventHistory.Stored> events = new ArrayList<>();
            gaps.forEach(gap -> events.add(event(gap)));
            LongStream.rangeClosed(after + 1, upTo).forEach(index -> events.add(event(index)));
            return events;
        }
    }

    static EventHistory.Stored event(long index) {
        return new EventHistory.Stored(new EventEnvelope(null, index, "e" + index, "Force", "isf", index, null, Instant.EPOCH,
                "p", "r", null), Instant.EPOCH);
    }

    static List<Long> indexes(List<EventHistory.Stored> chunk) {
        return chunk.stream().map(event -> event.envelope().globalIndex()).toList();
    }

    /** Every chunk the reads give, in the order they give them. */
    static List<List<Long>> all(ReadAhead reads) {
        List<List<Long>> chunks = new ArrayList<>();
        for (List<EventHistory.Stored> chunk; (chunk = reads.next()) != null; ) {
            chunks.add(indexes(chunk));
        }
        return chunks;
    }

    @Test
    void chunksOfConsecutiveIndexesFromTheTokenToTheHeadTheTokensGapsReadFirst() {
        Store store = new Store(() -> 17);
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(4, List.of(1L, 3L));
        try (ReadAhead reads = new ReadAhead(store, token, 5, 2)) {
            assertThat(all(reads)).containsExactly(List.of(1L, 3L, 5L, 6L, 7L, 8L, 9L), List.of(10L, 11L, 12L, 13L, 14L),
                    List.of(15L, 16L, 17L));
        }
        assertThat(store.reads).containsExactlyInAnyOrder("4 [1, 3] 9", "9 [] 14", "14 [] 17");
    }

    @Test
    void fromNoTokenAndOnAnEmptyStore() {
        try (ReadAhead reads = new ReadAhead(new Store(() -> 6), null, 4, 2)) {
            assertThat(all(reads)).containsExactly(List.of(0L, 1L, 2L, 3L), List.of(4L, 5L, 6L));
        }
        try (ReadAhead reads = new ReadAhead(new Store(() -> -1), null, 4, 2)) {
            assertThat(all(reads)).as("one empty chunk").containsExactly(List.of());
        }
    }

    @Test
    void theHeadIsLookedAtAgainUntilLessThanAChunkIsLeftWhichIsReadAsTheLastChunk() {
        long[] heads = {12, 26, 29, 1_000};
        int[] looks = {0};
        Store store = new Store(() -> heads[Math.min(looks[0]++, heads.length - 1)]);
        try (ReadAhead reads = new ReadAhead(store, GapAwareTrackingToken.newInstance(2, List.of()), 5, 2)) {
            assertThat(all(reads)).containsExactly(List.of(3L, 4L, 5L, 6L, 7L), List.of(8L, 9L, 10L, 11L, 12L),
                    List.of(13L, 14L, 15L, 16L, 17L), List.of(18L, 19L, 20L, 21L, 22L), List.of(23L, 24L, 25L, 26L),
                    List.of(27L, 28L, 29L));
        }
        assertThat(looks[0]).as("heads looked at: at the start, at 12, at 26; 29 is less than a chunk past 26").isEqualTo(3);
    }

    @Test
    void aHeadNoFurtherThanTheChunksReadEndsTheReads() {
        long[] heads = {10, 10};
        int[] looks = {0};
        try (ReadAhead reads = new ReadAhead(new Store(() -> heads[looks[0]++]), null, 5, 1)) {
            assertThat(all(reads)).containsExactly(List.of(0L, 1L, 2L, 3L, 4L), List.of(5L, 6L, 7L, 8L, 9L), List.of(10L));
        }
    }

    @Test
    void upToDepthChunksAreReadAtOnceAndComeOutInGlobalOrderWhateverOrderTheyFinishIn() throws Exception {
        CountDownLatch laterReadsDone = new CountDownLatch(1);
        CountDownLatch bothStarted = new CountDownLatch(2);
        Store store = new Store(() -> 14) {
            @Override
            public List<EventHistory.Stored> range(long after, Collection<Long> gaps, long upTo) {
                bothStarted.countDown();
                if (after == -1) {
                    await(bothStarted); // the second read runs beside the first...
                    await(laterReadsDone); // ... and the first finishes last
                }
                List<EventHistory.Stored> events = super.range(after, gaps, upTo);
                if (after != -1) {
                    laterReadsDone.countDown();
                }
                return events;
            }
        };
        try (ReadAhead reads = new ReadAhead(store, null, 5, 2)) {
            assertThat(all(reads)).containsExactly(List.of(0L, 1L, 2L, 3L, 4L), List.of(5L, 6L, 7L, 8L, 9L),
                    List.of(10L, 11L, 12L, 13L, 14L));
        }
        assertThat(store.reads.indexOf("-1 [] 4")).as("the first read finished after the second").isGreaterThan(store.reads.indexOf("4 [] 9"));
    }

    @Test
    void aReadThatFailsFailsTheBulkWithItsOwnFailure() {
        IllegalStateException failure = new IllegalStateException("the connection dropped");
        Store store = new Store(() -> 14) {
            @Override
            public List<EventHistory.Stored> range(long after, Collection<Long> gaps, long upTo) {
                if (after == 4) {
                    throw failure;
                }
                return super.range(after, gaps, upTo);
            }
        };
        try (ReadAhead reads = new ReadAhead(store, null, 5, 2)) {
            assertThat(indexes(reads.next())).containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThatThrownBy(reads::next).isSameAs(failure);
        }
    }

    @Test
    void closingWaitsForTheReadsUnderWayWhichAnInterruptDoesNotEnd() throws Exception {
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch readMayEnd = new CountDownLatch(1);
        AtomicBoolean readEnded = new AtomicBoolean();
        Store store = new Store(() -> 14) {
            @Override
            public List<EventHistory.Stored> range(long after, Collection<Long> gaps, long upTo) {
                if (after == 4) { // the second chunk's read: like a JDBC query, it goes on when interrupted
                    readStarted.countDown();
                    awaitUninterruptibly(readMayEnd);
                    readEnded.set(true);
                }
                return super.range(after, gaps, upTo);
            }
        };
        ReadAhead reads = new ReadAhead(store, null, 5, 2);
        assertThat(indexes(reads.next())).containsExactly(0L, 1L, 2L, 3L, 4L);
        await(readStarted);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(reads::close);
        assertThatThrownBy(() -> closed.get(300, TimeUnit.MILLISECONDS)).as("closed while a read was under way")
                .isInstanceOf(TimeoutException.class);
        readMayEnd.countDown();
        closed.get(10, TimeUnit.SECONDS);
        assertThat(readEnded).as("the read had ended when close returned").isTrue();
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never let the read end");
                }
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the reads ahead did not run side by side");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
