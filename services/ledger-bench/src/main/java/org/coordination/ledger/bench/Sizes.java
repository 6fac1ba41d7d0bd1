package org.coordination.ledger.bench;

import java.time.Duration;
import java.util.List;

/**
 * How much each stage does. {@code serviceWarmUp} runs the command mix against a just-started service
 * before its first measured level: its JIT compilers were still working for minutes after the start and
 * took a third of the CPU measured at one client (docs/benchmarks.md). {@code quick} keeps the harness
 * working in CI (well under two minutes of measuring); {@code full} is the run whose results are
 * committed in docs/.
 */
record Sizes(String mode,
             List<Integer> rawConnections, Duration rawPerLevel,
             Duration serviceWarmUp, List<Integer> clients, Duration warmUp, Duration perLevel,
             int bulkEvents, int eventsPerBulkStream, List<Integer> historyLengths, int historySamples,
             int asOfSamples,
             int kafkaRate, Duration kafkaDuration) {

    Sizes withBulkEvents(int events) {
        return new Sizes(mode, rawConnections, rawPerLevel, serviceWarmUp, clients, warmUp, perLevel, events, eventsPerBulkStream, historyLengths,
                historySamples, asOfSamples, kafkaRate, kafkaDuration);
    }

    /** The Kafka stage at {@code rate} commands/s (and a quarter of it first, for the warm-up: half of it) for {@code duration}. */
    Sizes withKafka(int rate, Duration duration) {
        return new Sizes(mode, rawConnections, rawPerLevel, serviceWarmUp, clients, warmUp, perLevel, bulkEvents, eventsPerBulkStream, historyLengths,
                historySamples, asOfSamples, rate, duration);
    }

    static Sizes of(String mode) {
        return switch (mode) {
            case "quick" -> new Sizes("quick", List.of(1, 8, 32), Duration.ofSeconds(1), Duration.ofSeconds(2),
                    List.of(1, 8, 32), Duration.ofSeconds(1), Duration.ofSeconds(2),
                    20_000, 100, List.of(10, 1_000), 30,
                    30,
                    50, Duration.ofSeconds(3));
            case "full" -> new Sizes("full", List.of(1, 8, 32), Duration.ofSeconds(10), Duration.ofSeconds(90),
                    List.of(1, 8, 32), Duration.ofSeconds(5), Duration.ofSeconds(20),
                    1_000_000, 100, List.of(10, 1_000, 10_000, 100_000), 300,
                    500,
                    1_000, Duration.ofSeconds(30));
            default -> throw new IllegalArgumentException("mode is quick or full, not " + mode);
        };
    }
}
