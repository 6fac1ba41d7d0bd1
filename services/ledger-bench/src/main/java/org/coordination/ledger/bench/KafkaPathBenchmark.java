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
    private final String ledgerDatabase;
    private final String subscriberDatabase;

    private final String bootstrapServers;
    private final String topic = "coordination-ledger.events.v2";
    private final CostMeter cost;

    /** @param cost samples each measured run (not the warm-up) for its cost per command */
    KafkaPathBenchmark(LedgerApi api, BenchPostgres postgres, String ledgerDatabase, String subscriberDatabase, String bootstrapServers,
                       CostMeter cost) {
        this.bootstrapServers = bootstrapServers;
        this.cost = cost;
        this.api = api;
        this.postgres = postgres;
        this.ledgerDatabase = ledgerDatabase;
        this.subscriberDatabase = subscriberDatabase;
    }

    /**
     * The whole path (service, broker, subscriber) at {@code rate} for {@code duration}, not measured: a
     * just-started JVM compiles its hot code for its first minutes (docs/benchmarks.md), so the stage warms
     * both services as the HTTP levels warm theirs, at a rate the path keeps up with.
     */
    void warmUp(int rate, Duration duration) throws Exception {
        if (duration.isZero()) {
            return;
        }
        Console.info("warming the Kafka path up: %d commands/s for %d s, not measured", rate, duration.toSeconds());
        PacedLoad.Outcome outcome = new PacedLoad(api, "kwarm").run(rate, duration);
        awaitApplied(outcome.acknowledged().keySet(), Duration.ofMinutes(2));
    }

    ObjectNode run(int rate, Duration duration) throws Exception {
        // warm-up: the consumer group has joined, the topic exists, both services are compiled hot
        PacedLoad.Outcome warmUp = new PacedLoad(api, "kw" + rate).run(rate, duration.compareTo(Duration.ofSeconds(5)) < 0 ? duration
                : Duration.ofSeconds(5));
        awaitApplied(warmUp.acknowledged().keySet(), Duration.ofMinutes(2));
        PacedLoad.Outcome outcome = new PacedLoad(api, "k" + rate, cost).run(rate, duration);
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
        // where the time goes: the event's commit in the ledger (its recorded time) to the subscriber
        Map<String, Instant> recorded = recordedTimes(acknowledged.keySet());
        Latencies storeToSubscriber = new Latencies();
        for (Map.Entry<String, Instant> entry : recorded.entrySet()) {
            Instant at = applied.get(entry.getKey());
            if (at != null) {
                storeToSubscriber.record(Math.max(0, Duration.between(entry.getValue(), at).toNanos()));
            }
        }
        Latencies storeToBroker = new Latencies();
        published(acknowledged.keySet()).forEach((id, at) -> {
            Instant was = recorded.get(id);
            if (was != null) {
                storeToBroker.record(Math.max(0, Duration.between(was, at).toNanos()));
            }
        });
        ObjectNode result = outcome.summary().deepCopy();
        result.set("recorded_to_applied", storeToSubscriber.toJson());
        result.set("recorded_to_broker", storeToBroker.toJson());
        result.set("command_latency", result.remove("latency"));
        result.put("events", acknowledged.size());
        result.put("events_applied", applied.size());
        result.set("latency", latencies.toJson());
        Console.info("kafka path: command acknowledged → subscriber applied p50 %.1f ms, p99 %.1f ms (%d of %d events applied); "
                        + "event recorded → applied p50 %.1f ms, p99 %.1f ms; recorded → on the broker p50 %.1f ms, p99 %.1f ms",
                latencies.percentileMillis(50), latencies.percentileMillis(99), applied.size(), acknowledged.size(),
                storeToSubscriber.percentileMillis(50), storeToSubscriber.percentileMillis(99),
                storeToBroker.percentileMillis(50), storeToBroker.percentileMillis(99));
        if (result.has("cost")) {
            Console.info("kafka path: %s", Cost.summary(result.get("cost")));
        }
        return result;
    }

    /** When the broker appended each event (log append time is not set, so the producer's send time). */
    private Map<String, Instant> published(java.util.Set<String> eventIds) {
        Map<String, Instant> published = new HashMap<>();
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrapServers, "group.id", "bench-" + System.nanoTime(),
                "auto.offset.reset", "earliest", "enable.auto.commit", false);
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                config, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(java.util.List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (published.size() < eventIds.size() && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    var header = record.headers().lastHeader("ce_id");
                    String id = header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
                    if (id != null && eventIds.contains(id)) {
                        published.put(id, Instant.ofEpochMilli(record.timestamp()));
                    }
                }
            }
        }
        return published;
    }

    private Map<String, Instant> recordedTimes(java.util.Set<String> eventIds) throws Exception {
        Map<String, Instant> recorded = new HashMap<>();
        try (Connection connection = postgres.connect(ledgerDatabase);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT event_identifier, time_stamp FROM domain_event_entry WHERE event_identifier = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    recorded.put(rows.getString(1), Instant.parse(rows.getString(2)));
                }
            }
        }
        return recorded;
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
