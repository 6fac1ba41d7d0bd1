package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Open-loop load: commands are sent on a fixed schedule (rate per second), whatever the answers take,
 * as independent users would send them. Latency is measured from each command's scheduled time, so a
 * service falling behind shows in the numbers instead of slowing the load down (no coordinated
 * omission).
 */
final class PacedLoad {

    static final int WORKERS = 64;

    /** What a paced run produced: latencies, and when each recorded event was acknowledged. */
    record Outcome(ObjectNode summary, Map<String, Instant> acknowledged) {
    }

    private final LedgerApi api;
    private final String tag;
    private final CostMeter cost;

    PacedLoad(LedgerApi api, String tag) {
        this(api, tag, null);
    }

    /** @param cost samples the run for its cost per command; null for none */
    PacedLoad(LedgerApi api, String tag, CostMeter cost) {
        this.api = api;
        this.tag = tag;
        this.cost = cost;
    }

    Outcome run(int rate, Duration duration) throws Exception {
        return run(rate, Duration.ZERO, duration);
    }

    /**
     * The schedule at {@code rate} for {@code warmUp} and then {@code duration}, on the same aggregates. Latency and the
     * achieved rate count only the commands due after the warm-up, and the cost's window opens at its end, as a
     * closed-loop level measures only after its own warm-up: the first seconds carry what came before the schedule (the
     * set-up's burst of 576 commands that create the workers' aggregates; in the full run, the processors still behind
     * from the 32-client level just before). Beside them: the whole schedule's latencies, those seconds included
     * ({@code latency_whole_schedule}), and its p99 second by second ({@code p99_ms_by_second}). Errors are counted
     * over the whole schedule.
     */
    Outcome run(int rate, Duration warmUp, Duration duration) throws Exception {
        List<CommandMix> mixes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            for (int w = 0; w < WORKERS; w++) {
                mixes.add(new CommandMix(tag + "-" + w));
            }
            CommandMix.setUpAll(api, mixes, pool);
            Map<String, Instant> acknowledged = new ConcurrentHashMap<>();
            Latencies latencies = new Latencies();
            Latencies wholeSchedule = new Latencies();
            Latencies[] bySecond = new Latencies[(int) Math.ceil((warmUp.toNanos() + duration.toNanos()) / 1e9)];
            for (int second = 0; second < bySecond.length; second++) {
                bySecond[second] = new Latencies();
            }
            AtomicLong next = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            AtomicLong measured = new AtomicLong();
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime() + 200_000_000L;
            long measuredFrom = start + warmUp.toNanos();
            long end = measuredFrom + duration.toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (CommandMix mix : mixes) {
                running.add(pool.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        long due = start + next.getAndIncrement() * periodNanos;
                        if (due >= end) {
                            return null;
                        }
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        CommandMix.Step step = mix.next();
                        LedgerApi.Answer answer = api.command(step.user(), step.command(), step.body());
                        Instant ack = Instant.now();
                        long latency = System.nanoTime() - due;
                        wholeSchedule.record(latency);
                        bySecond[(int) Math.min(bySecond.length - 1, (due - start) / 1_000_000_000L)].record(latency);
                        if (due >= measuredFrom) {
                            latencies.record(latency);
                        }
                        if (answer.status() == 200) {
                            completed.incrementAndGet();
                            if (due >= measuredFrom) {
                                measured.incrementAndGet();
                            }
                            answer.eventIds().forEach(id -> acknowledged.put(id, ack));
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                    return null; // stopped: the pool was shut down
                }));
            }
            // The cost's window opens once the load has run for a while (the warm-up, or without one 2 s, or half of a
            // shorter run): the set-up's commands are behind it, the processors and the subscriber have reached the
            // load's pace, and PostgreSQL's late statistics are as late as they will be when it closes, at the end of
            // the schedule with the load still running (see CostMeter).
            Cost before = null;
            Cost after = null;
            if (cost != null) {
                HttpLoad.sleepUntil(warmUp.isZero() ? start + Math.min(2_000_000_000L, duration.toNanos() / 2) : measuredFrom);
                before = cost.sample(completed.get());
                HttpLoad.sleepUntil(end);
                after = cost.sample(completed.get());
            }
            for (Future<?> worker : running) {
                worker.get();
            }
            double seconds = (System.nanoTime() - measuredFrom) / 1e9;
            ObjectNode summary = JsonNodeFactory.instance.objectNode();
            summary.put("offered_commands_per_second", rate);
            summary.put("achieved_commands_per_second", Math.round(measured.get() / seconds));
            summary.put("commands", measured.get());
            summary.put("errors", errors.get());
            summary.set("latency", latencies.toJson());
            if (!warmUp.isZero()) {
                summary.put("warm_up_seconds", warmUp.toMillis() / 1000.0);
                summary.set("latency_whole_schedule", wholeSchedule.toJson());
            }
            var p99s = summary.putArray("p99_ms_by_second");
            for (Latencies second : bySecond) {
                p99s.add(Latencies.round(second.percentileMillis(99)));
            }
            if (after != null) {
                summary.set("cost", after.perCommandSince(before));
            }
            return new Outcome(summary, acknowledged);
        } finally {
            pool.shutdownNow();
            api.closeConnections(); // a client blocked on its answer does not see the interrupt
        }
    }
}
