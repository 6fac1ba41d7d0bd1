package org.coordination.ledger.eventstore;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a tracking processor again after this service shut it down (a catch-up in bulk, a skip ahead, the
 * watchdog, a rebuild's switch), first giving back a worker thread Axon 4 may have lost.
 * <p>
 * The loss: a processor shut down just after its worker launcher claimed a segment, before the launcher handed
 * the segment to a worker, frees the segment without returning the worker's thread slot
 * ({@code TrackingEventProcessor.WorkerLauncher#cleanUp}: "freeing segment since segment worker will not be
 * started"). With one thread, every later start then finds no slot: the processor runs and never claims its
 * segment again, until the JVM restarts. The catch-ups look right after a start, so a fast start (an AOT cache)
 * hit that window: the read models, a policy and the Merkle log stopped for good, and the benchmark's rebuild
 * waited for them. Once a shutdown has completed no worker is left, so every slot is free by definition; this sets
 * the count back to that, and logs when it had to.
 */
public final class ProcessorRestart {

    private static final Logger log = LoggerFactory.getLogger(ProcessorRestart.class);
    private static final Field AVAILABLE_THREADS = availableThreadsField();

    private ProcessorRestart() {
    }

    /**
     * {@link TrackingEventProcessor#shutDown()}, its worker woken from its wait for events when its source can do that
     * ({@link LingeringEventSource#wakeWaiting()}): Axon's worker sees a stop only between batches, so an idle one
     * otherwise finished its wait first, up to a second (its event availability timeout), before the stop returned.
     */
    public static void stop(TrackingEventProcessor processor) {
        processor.shutdownAsync(); // asks the stop (the state a worker looks at) without waiting for the worker yet
        if (processor.getMessageSource() instanceof LingeringEventSource source) {
            source.wakeWaiting(); // after the stop was asked: a worker woken before it would only wait again
        }
        processor.shutDown(); // the stop already asked: waits for the worker, as a plain shutDown() does
    }

    /** {@link TrackingEventProcessor#start()}, with any thread slot a shutdown lost given back first. */
    public static void start(TrackingEventProcessor processor) {
        giveBackLostThreads(processor);
        processor.start();
    }

    /** Returns how many slots were given back (0 when none was lost, or the processor still runs or has workers). */
    static int giveBackLostThreads(TrackingEventProcessor processor) {
        if (processor.isRunning() || !processor.processingStatus().isEmpty()) {
            return 0;
        }
        int lost = Math.max(0, processor.maxCapacity() - processor.availableProcessorThreads());
        if (lost > 0) {
            availableThreads(processor).addAndGet(lost);
            log.warn("Processor {} had lost {} of its {} worker thread(s) to a shutdown during a segment's hand-off; given back before starting it",
                    processor.getName(), lost, processor.maxCapacity());
        }
        return lost;
    }

    /** Axon's count of the processor's free worker threads (a private field; tests set up the loss through it too). */
    static AtomicInteger availableThreads(TrackingEventProcessor processor) {
        try {
            return (AtomicInteger) AVAILABLE_THREADS.get(processor);
        } catch (IllegalAccessException unreachable) {
            throw new IllegalStateException(unreachable);
        }
    }

    private static Field availableThreadsField() {
        try {
            Field field = TrackingEventProcessor.class.getDeclaredField("availableThreads");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException changed) {
            // another Axon version: ProcessorRestartTest fails on the upgrade, and a restart fails loudly rather than skip the give-back
            throw new IllegalStateException("TrackingEventProcessor has no field availableThreads any more: check ProcessorRestart", changed);
        }
    }
}
