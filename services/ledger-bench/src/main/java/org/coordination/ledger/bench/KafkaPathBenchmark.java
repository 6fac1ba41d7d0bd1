package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * From a command acknowledged over HTTP to the reference subscriber having applied its event, at a
 * steady offered rate (open loop, {@link PacedLoad}). The subscriber writes each event's id with the time it applied it, in the same
 * transaction as its view; the harness joins those to the acknowledgement times it recorded.
 */
final class KafkaPathBenchmark {

    private final LedgerApi api;
    private final BenchPostgres postgres;
    private final String subscriberDatabase;

    KafkaPathBenchmark(LedgerApi api, BenchPostgres postgres, String subscriberDatabase) {
        this.api = api;
        this.postgres = postgres;
        this.subscriberDatabase = subscriberDatabase;
    }

    ObjectNode run(int rate, Duration duration) throws Exception {
        PacedLoad.Outcome outcome = new PacedLoad(api, "k").run(rate, duration);
        Map<String, Instant> acknowledged = outcome.acknowledged();
        Console.info("kafka path: %,d events acknowledged (offered %d commands/s, achieved %d); waiting for the subscriber",
                acknowledged.size(), rate, outcome.summary().get("achieved_commands_per_second").asLong());
        Map<String, Instant> applied = awaitApplied(acknowledged.keySet(), Duration.ofMinutes(5));
        Latencies latencies = new Latencies();
        for (Map.Entry<String, Instant> entry : acknowledged.entrySet()) {
            Instant at = applied.get(entry.getKey());
            if (at != null) {
                latencies.record(Math.max(0, Duration.between(entry.getValue(), at).toNanos()));
            }
        }
        ObjectNode result = outcome.summary().deepCopy();
        result.set("command_latency", result.remove("latency"));
        result.put("events", acknowledged.size());
        result.put("events_applied", applied.size());
        result.set("latency", latencies.toJson());
        Console.info("kafka path: command acknowledged → subscriber applied p50 %.1f ms, p99 %.1f ms (%d of %d events applied)",
                latencies.percentileMillis(50), latencies.percentileMillis(99), applied.size(), acknowledged.size());
        return result;
    }

    private Map<String, Instant> awaitApplied(java.util.Set<String> eventIds, Duration timeout) throws Exception {
        Map<String, Instant> applied = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = postgres.connect(subscriberDatabase);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT event_id, processed_at FROM processed_event WHERE event_id = ANY (?)")) {
            while (true) {
                applied.clear();
                select.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Timestamp at = rows.getTimestamp(2);
                        applied.put(rows.getString(1), at.toInstant());
                    }
                }
                if (applied.size() >= eventIds.size() || System.nanoTime() > deadline) {
                    return applied;
                }
                Thread.sleep(500);
            }
        }
    }
}
