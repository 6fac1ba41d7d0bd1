package org.coordination.ledger.eventstore;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/**
 * A look at the processors once per interval, on a daemon thread of its own, from when the application
 * is ready (Axon's processors run by then: they start last of all lifecycles) until it closes (the close
 * event comes before any lifecycle stops, Axon's processors first of all), waiting then for a look
 * under way to finish. The rebuild coordinator, the policies' skip-ahead, the processor watchdog, the
 * checkpointer and the checkpoint publisher each run on one.
 */
public final class PeriodicLook {

    private final String threadName;
    private final Runnable look;
    private final Duration interval;
    private final Duration closeWait;
    private ScheduledExecutorService executor;
    private volatile boolean closing;

    public PeriodicLook(String threadName, Runnable look, Duration interval, Duration closeWait) {
        this.threadName = threadName;
        this.look = look;
        this.interval = interval;
        this.closeWait = closeWait;
    }

    /**
     * Looks from when {@code context} is ready until it closes: that context's events only, since a test JVM holds
     * several contexts one after the other. Without a context to follow (a unit test's), it looks only when started.
     */
    public PeriodicLook runningWith(ApplicationContext context) {
        if (context instanceof ConfigurableApplicationContext configurable) {
            configurable.addApplicationListener(event -> {
                if (event instanceof ApplicationReadyEvent ready && ready.getApplicationContext() == context) {
                    start();
                } else if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
                    stop();
                }
            });
        }
        return this;
    }

    /** The first look at once, then one per interval; again is a no-op. */
    public synchronized void start() {
        if (executor != null || closing) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(look, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One more look as soon as the look thread is free, ahead of the interval's: for a request made on this instance that
     * should not wait up to an interval to be seen (a look under way is not interrupted; looks never overlap). Before the
     * start, and from the stop on, nothing: a request during the close neither waits for it (the close holds this
     * object's lock while it waits for a look under way) nor starts a look it would then have to wait for.
     */
    public void lookNow() {
        if (closing) {
            return;
        }
        synchronized (this) {
            if (executor != null && !closing) {
                executor.execute(() -> {
                    if (!closing) {
                        look.run();
                    }
                });
            }
        }
    }

    /** No more looks; waits up to the close wait for one under way (which sees {@link #closing()} and stops early). */
    public synchronized void stop() {
        closing = true;
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    /** Whether the application closes: long work in a look stops at its next step. */
    public boolean closing() {
        return closing;
    }
}
