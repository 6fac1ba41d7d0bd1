package org.coordination.ledger.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
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
 *
 * <p>A processor this service stops ({@link ProcessorRestart#stop}) is woken from its wait for events: Axon's tracking
 * processor checks that it should stop only between batches, so a stop otherwise waited out the worker's wait, up to
 * Axon's second, before a rebuild could switch or a catch-up in bulk begin (docs/benchmarks.md, change 83).
 */
public final class LingeringEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final long lingerNanos;
    private final int threadPriority;
    /** Counts {@link #wakeWaiting()}: a stream waiting for events when it moves stops waiting. */
    private final AtomicLong wakes = new AtomicLong();

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
        return lingerNanos <= 0 ? stream : new LingeringStream(stream, () -> TimeUnit.NANOSECONDS.sleep(lingerNanos), wakes::get);
    }

    /**
     * Every stream of this source that is waiting for events now stops waiting, as if its wait had timed out, within
     * {@link LingeringStream#SLICE_MILLIS}; for a processor being stopped, which then sees its stop at once. A processor
     * that is not being stopped just waits again (after extending its claim, as at the end of any wait). A processor
     * that is reading or folding is not waiting, and sees its stop after its batch, as before. With no linger the
     * store's own stream is used, and this wakes nothing.
     */
    public void wakeWaiting() {
        wakes.incrementAndGet();
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
     * Axon's tracking processor asks {@link #hasNextAvailable(int, TimeUnit)} at the start of each batch (again, while
     * its batch is still empty, until its timeout) and then takes events while {@link #peek()} shows one: the wait goes
     * into the first, and only when the stream was empty as the processor asked.
     */
    static final class LingeringStream implements BlockingStream<TrackedEventMessage<?>> {

        /** The wait itself (a sleep; in tests, what happens meanwhile). */
        interface Linger {
            void await() throws InterruptedException;
        }

        /** The longest a wait for events goes without looking whether it was woken ({@link #wakeWaiting()}). */
        static final long SLICE_MILLIS = 100;

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private final Linger linger;
        private final LongSupplier wakes;

        LingeringStream(BlockingStream<TrackedEventMessage<?>> stream, Linger linger) {
            this(stream, linger, () -> 0);
        }

        LingeringStream(BlockingStream<TrackedEventMessage<?>> stream, Linger linger, LongSupplier wakes) {
            this.stream = stream;
            this.linger = linger;
            this.wakes = wakes;
        }

        /**
         * Waits for the store's stream in slices of at most {@link #SLICE_MILLIS}, each a wait of the store's own (a
         * condition its reader signals), and returns false, as at the end of the whole wait, once woken. Only a wait
         * that was under way when the wake came ends: one that reads the count just after a wake waits its whole
         * timeout, as before change 83. A store's wait that answers no in less than half its slice is taken as its
         * answer, so that a store which answers at once is not asked again and again in a busy loop until the timeout.
         */
        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (stream.hasNextAvailable()) {
                return true;
            }
            long woken = wakes.getAsLong();
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (true) {
                long slice = Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS));
                if (slice <= 0) {
                    return false;
                }
                long began = System.nanoTime();
                if (stream.hasNextAvailable((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(slice)), TimeUnit.MILLISECONDS)) {
                    linger.await();
                    return true;
                }
                if (wakes.getAsLong() != woken || System.nanoTime() - began < slice / 2) {
                    return false;
                }
            }
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
