package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.coordination.ledger.eventstore.LingeringEventSource.LingeringStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A processor that had caught up forms its next batch only after the linger, so the events committed
 * meanwhile are in it; one that has events waiting forms it at once. Driven the way Axon's tracking
 * processor drives its stream: {@code hasNextAvailable(timeout)} at the start of a batch, then events
 * taken while {@code peek()} shows one.
 */
class LingeringEventSourceTest {

    /** The store's stream as a queue; an event "arrives" when a test adds it. */
    static class QueueStream implements BlockingStream<TrackedEventMessage<?>> {
        final Deque<TrackedEventMessage<?>> events = new ArrayDeque<>();
        Runnable onWait = () -> { };

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(events.peek());
        }

        @Override
        public boolean hasNextAvailable() {
            return !events.isEmpty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            if (events.isEmpty()) {
                onWait.run(); // the processor waited, and a commit woke it
            }
            return !events.isEmpty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return events.poll();
        }

        @Override
        public void close() {
        }
    }

    static TrackedEventMessage<?> event(long position) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position), GenericEventMessage.asEventMessage("e" + position));
    }

    /** One batch as Axon's tracking processor forms it. */
    static List<Long> batch(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        List<Long> batch = new ArrayList<>();
        if (stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)) {
            batch.add(position(stream.nextAvailable()));
            while (stream.peek().isPresent()) {
                batch.add(position(stream.nextAvailable()));
            }
        }
        return batch;
    }

    static long position(TrackedEventMessage<?> message) {
        return ((GlobalSequenceTrackingToken) message.trackingToken()).getGlobalIndex();
    }

    @Test
    void aProcessorThatCaughtUpTakesTheEventsCommittedDuringTheLingerInOneBatch() throws Exception {
        QueueStream store = new QueueStream();
        store.onWait = () -> store.events.add(event(1));
        AtomicInteger lingers = new AtomicInteger();
        LingeringStream stream = new LingeringStream(store, () -> {
            lingers.incrementAndGet();
            store.events.add(event(2)); // the next command commits while the processor lingers
            store.events.add(event(3));
        });

        assertThat(batch(stream)).containsExactly(1L, 2L, 3L);
        assertThat(lingers).hasValue(1);
    }

    @Test
    void aProcessorWithEventsWaitingDoesNotLinger() throws Exception {
        QueueStream store = new QueueStream();
        store.events.add(event(1));
        store.events.add(event(2));
        AtomicInteger lingers = new AtomicInteger();
        LingeringStream stream = new LingeringStream(store, lingers::incrementAndGet);

        assertThat(batch(stream)).containsExactly(1L, 2L);
        assertThat(lingers).hasValue(0);
    }

    @Test
    void nothingArrivingIsNoLinger() throws Exception {
        QueueStream store = new QueueStream();
        AtomicInteger lingers = new AtomicInteger();
        LingeringStream stream = new LingeringStream(store, lingers::incrementAndGet);

        assertThat(batch(stream)).isEmpty();
        assertThat(lingers).hasValue(0);
    }

    @Test
    void noLingerIsTheStoresOwnStream() {
        QueueStream store = new QueueStream();
        StreamableMessageSource<TrackedEventMessage<?>> source = new StreamableMessageSource<>() {
            @Override
            public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
                return store;
            }
        };
        assertThat(new LingeringEventSource(source, Duration.ZERO, Thread.NORM_PRIORITY).openStream(null)).isSameAs(store);
        assertThat(new LingeringEventSource(source, Duration.ofMillis(10), Thread.NORM_PRIORITY).openStream(null))
                .isInstanceOf(LingeringStream.class);
    }

    /** The store's stream with no event coming: each wait lasts its whole timeout, as the store's condition does. */
    static final class SilentStream extends QueueStream {
        final AtomicInteger waits = new AtomicInteger();

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            waits.incrementAndGet();
            try {
                unit.sleep(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    @Test
    @Timeout(60)
    void aWaitForEventsEndsWhenTheSourceWakesItsStreamsNotAtItsTimeout() throws Exception {
        SilentStream store = new SilentStream();
        LingeringEventSource source = new LingeringEventSource(token -> store, Duration.ofMillis(10), Thread.NORM_PRIORITY);
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return stream.hasNextAvailable(1, TimeUnit.HOURS); // a processor's wait, made long enough that only a wake ends it
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (store.waits.get() < 3) {
            Thread.sleep(10);
        }
        assertThat(waiting).as("still waiting, slice after slice").isNotDone();

        try {
            source.wakeWaiting();

            assertThat(waiting.get(30, TimeUnit.SECONDS)).as("woken: no event, as at the end of a wait").isFalse();
        } finally {
            source.wakeWaiting(); // should the wait have missed the wake, its thread is not left waiting for an hour
        }
    }

    @Test
    void aWaitStartedAfterAWakeIsNotEndedByIt() throws Exception {
        SilentStream store = new SilentStream();
        LingeringEventSource source = new LingeringEventSource(token -> store, Duration.ofMillis(10), Thread.NORM_PRIORITY);
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(null);
        source.wakeWaiting();

        long began = System.nanoTime();
        assertThat(stream.hasNextAvailable(350, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(System.nanoTime() - began).as("waited its whole timeout").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(350));
        assertThat(store.waits).as("in slices").hasValueGreaterThanOrEqualTo(2);
    }

    @Test
    void theThreadThatOpensAStreamRunsAtTheProcessorsPriorityFromThenOn() throws InterruptedException {
        QueueStream store = new QueueStream();
        LingeringEventSource source = new LingeringEventSource(token -> store, Duration.ofMillis(10), Thread.MIN_PRIORITY);
        AtomicInteger before = new AtomicInteger();
        AtomicInteger after = new AtomicInteger();
        Thread processor = new Thread(() -> {
            before.set(Thread.currentThread().getPriority());
            source.openStream(null);
            after.set(Thread.currentThread().getPriority());
        });
        processor.start();
        processor.join();
        assertThat(before.get()).isEqualTo(Thread.NORM_PRIORITY);
        assertThat(after.get()).isEqualTo(Thread.MIN_PRIORITY);
        assertThatThrownBy(() -> new LingeringEventSource(token -> store, Duration.ZERO, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
