package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop clients over HTTP: each sends its next command as soon as the previous one is answered,
 * so the rate is what the service sustains at that concurrency. A warm-up precedes each measured
 * window; only answers within the window count.
 */
final class HttpLoad {

    private final LedgerApi api;
    private final String tag;
    private final CostMeter cost;

    /** @param tag distinguishes this ledger's aggregates from another run's, e.g. "l" or "p" */
    HttpLoad(LedgerApi api, String tag) {
        this(api, tag, null);
    }

    /** @param cost samples each level's measured window for its cost per command; null for none */
    HttpLoad(LedgerApi api, String tag, CostMeter cost) {
        this.api = api;
        this.tag = tag;
        this.cost = cost;
    }

    ObjectNode level(int clients, Duration warmUp, Duration measured) throws Exception {
        List<CommandMix> mixes = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            mixes.add(new CommandMix(tag + clients + "-" + c));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CommandMix.setUpAll(api, mixes, pool);
            long warmUpEnds = System.nanoTime() + warmUp.toNanos();
            long measuredEnds = warmUpEnds + measured.toNanos();
            Latencies latencies = new Latencies();
            AtomicLong errors = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            AtomicLong accepted = new AtomicLong(); // every accepted answer, for the cost: the work of a command
            AtomicReference<String> firstError = new AtomicReference<>();
            List<Future<?>> clientsRunning = new ArrayList<>();
            for (CommandMix mix : mixes) {
                clientsRunning.add(pool.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        CommandMix.Step step = mix.next();
                        long begin = System.nanoTime();
                        if (begin >= measuredEnds) {
                            return null;
                        }
                        LedgerApi.Answer answer = api.command(step.user(), step.command(), step.body());
                        long end = System.nanoTime();
                        boolean inWindow = begin >= warmUpEnds && end <= measuredEnds;
                        if (answer.status() != 200) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, step.command() + " → " + answer.status() + " " + answer.body());
                        } else {
                            accepted.incrementAndGet();
                            if (inWindow) {
                                latencies.record(end - begin);
                                completed.incrementAndGet();
                            }
                        }
                    }
                    return null; // stopped: the pool was shut down
                }));
            }
            // the cost's window is the measured one, sampled while the clients run on (see CostMeter); it
            // counts every command answered in it, also those sent before it opened, since their work
            // there is counted too, and their number balances those still unanswered when it closes
            Cost before = null;
            Cost after = null;
            if (cost != null) {
                sleepUntil(warmUpEnds);
                before = cost.sample(accepted.get());
                sleepUntil(measuredEnds);
                after = cost.sample(accepted.get());
            }
            for (Future<?> client : clientsRunning) {
                client.get();
            }
            ObjectNode level = JsonNodeFactory.instance.objectNode();
            level.put("clients", clients);
            level.put("commands", completed.get());
            level.put("commands_per_second", Math.round(completed.get() / (measured.toNanos() / 1e9)));
            level.put("errors", errors.get());
            if (firstError.get() != null) {
                level.put("first_error", firstError.get());
            }
            level.set("latency", latencies.toJson());
            if (after != null) {
                level.set("cost", after.perCommandSince(before));
            }
            return level;
        } finally {
            pool.shutdownNow();
            api.closeConnections(); // a client blocked on its answer does not see the interrupt
        }
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /**
     * The command mix at 8 clients for {@code duration}, not measured: a just-started JVM compiles its hot
     * code for its first minutes, so the first level would count the compilers' CPU and latency as the
     * service's (docs/benchmarks.md).
     */
    void warmUpService(Duration duration) throws Exception {
        if (!duration.isZero()) {
            Console.info("warming the service up: 8 clients for %d s, not measured", duration.toSeconds());
            new HttpLoad(api, tag + "w").level(8, duration, Duration.ZERO);
        }
    }

    /** Every level, with a line of progress each. */
    ObjectNode levels(String label, List<Integer> clientCounts, Duration warmUp, Duration measured) throws Exception {
        ObjectNode levels = JsonNodeFactory.instance.objectNode();
        for (int clients : clientCounts) {
            ObjectNode level = level(clients, warmUp, measured);
            levels.set(String.valueOf(clients), level);
            Console.info("%s, %2d clients: %,d commands/s, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, %d errors", label, clients,
                    level.get("commands_per_second").asLong(), level.get("latency").get("p50_ms").asDouble(),
                    level.get("latency").get("p99_ms").asDouble(), level.get("latency").get("p999_ms").asDouble(),
                    level.get("errors").asLong());
            if (level.has("cost")) {
                Console.info("  %s", Cost.summary(level.get("cost")));
            }
            if (level.get("errors").asLong() > 0) {
                Console.info("  first error: %s", level.get("first_error").asText());
            }
        }
        return levels;
    }
}
