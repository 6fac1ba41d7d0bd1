package org.coordination.ledger.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event store as the tracking processors read it, except that a processor that had caught up
 * waits {@code linger} after the first new event before it forms its batch, so that the events of the
 * commands committed meanwhile join that batch.
 *
 * <p>Why: a tracking processor takes what is in its stream when an event arrives. At low and middling
 * load that is one command's events, and each batch costs a transaction, a token update and a commit
 * in every processor (five transactions per command at one client, docs/benchmarks.md). Under load the
 * stream is never empty when a batch starts, so nothing waits and batches are as large as before.
 *
 * <p>What it costs: the read models, the policies and the publisher see an event up to {@code linger}
 * later when the ledger is quiet; a command's own answer does not wait for them.
 *
 * <p>A processor's thread opens its stream here before it reads anything, and from then on runs at
 * {@code threadPriority}: below the request threads' by default, so that when both want the cores a
 * command's own work goes first and the processors catch up in larger batches a moment later (the
 * open-loop latency at half the best rate, docs/benchmarks.md, change 76). Java's priorities reach the
 * operating system only with {@code -XX:ThreadPriorityPolicy=1} (services/ledger/jvm.args); without it
 * the setting changes nothing.
 */
public final class LingeringEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final long lingerNanos;
    private final int threadPriority;

    public LingeringEventSource(StreamableMessageSource<TrackedEventMessage<?>> store, Duration linger, int threadPriority) {
        if (threadPriority < Thread.MIN_PRIORITY || threadPriority > Thread.MAX_PRIORITY) {
            throw new IllegalArgumentException("A thread priority is 1 to 10, not " + threadPriority);
        }
        this.store = store;
        this.lingerNanos = linger.toNanos();
        this.threadPriority = threadPriority;
    }

    /** How long a processor that had caught up waits after the first new event. */
    public Duration linger() {
        return Duration.ofNanos(lingerNanos);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        Thread.currentThread().setPriority(threadPriority); // the processor's own thread, about to read
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(trackingToken);
        return lingerNanos <= 0 ? stream : new LingeringStream(stream, () -> TimeUnit.NANOSECONDS.sleep(lingerNanos));
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    /**
     * Axon's tracking processor asks {@link #hasNextAvailable(int, TimeUnit)} once at the start of each
     * batch and then takes events while {@link #peek()} shows one: the wait goes into the first, and only
     * when the stream was empty as the processor asked.
     */
    static final class LingeringStream implements BlockingStream<TrackedEventMessage<?>> {

        /** The wait itself (a sleep; in tests, what happens meanwhile). */
        interface Linger {
            void await() throws InterruptedException;
        }

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private final Linger linger;

        LingeringStream(BlockingStream<TrackedEventMessage<?>> stream, Linger linger) {
            this.stream = stream;
            this.linger = linger;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (stream.hasNextAvailable()) {
                return true;
            }
            boolean arrived = stream.hasNextAvailable(timeout, unit);
            if (arrived) {
                linger.await();
            }
            return arrived;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
        }

        @Override
        public boolean hasNextAvailable() {
            return stream.hasNextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return stream.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
