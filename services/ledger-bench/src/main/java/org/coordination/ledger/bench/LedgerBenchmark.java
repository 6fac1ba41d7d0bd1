package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * The stages that need a ledger with a large history: bulk history, catch-up of its processors,
 * command latency as one aggregate's history grows, as-of reads, a rebuild of every read model, and
 * the service's memory.
 */
final class LedgerBenchmark {

    private final BenchPostgres postgres;
    private final String database;
    private final Sizes sizes;

    LedgerBenchmark(BenchPostgres postgres, String database, Sizes sizes) {
        this.postgres = postgres;
        this.database = database;
        this.sizes = sizes;
    }

    /** Writes the history while the ledger is stopped; returns what it wrote. */
    ObjectNode writeHistory() throws Exception {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        long start = System.nanoTime();
        long written = 0;
        try (Connection connection = postgres.connect(database + "?reWriteBatchedInserts=true")) {
            BulkHistory bulk = new BulkHistory(connection);
            for (int length : sizes.historyLengths()) {
                bulk.structure(historyStream(length), length);
                written += length;
            }
            int streams = Math.max(0, (int) ((sizes.bulkEvents() - written) / sizes.eventsPerBulkStream()));
            long lastReport = System.nanoTime();
            for (int s = 0; s < streams; s++) {
                bulk.structure(bulkStream(s), sizes.eventsPerBulkStream());
                written += sizes.eventsPerBulkStream();
                if (System.nanoTime() - lastReport > 5_000_000_000L) {
                    lastReport = System.nanoTime();
                    Console.info("history: %,d of %,d events written", written, sizes.bulkEvents());
                }
            }
            bulk.flush();
            result.put("streams", streams + sizes.historyLengths().size());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        result.put("events_written", written);
        result.put("events_stored", count("SELECT count(*) FROM domain_event_entry"));
        result.put("seconds", Latencies.round(seconds));
        result.put("events_per_second", Math.round(written / seconds));
        Console.info("history: %,d events written in %.0f s (%,.0f events/s, hash chain and timeline written by the store's triggers)", written, seconds,
                written / seconds);
        return result;
    }

    static String historyStream(int length) {
        return "history-" + length;
    }

    static String bulkStream(int s) {
        return "bulk-" + s;
    }

    long count(String sql) throws Exception {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The lowest position any of the ledger's streaming processors has reached. */
    long slowestProcessor() throws Exception {
        return count(SLOWEST_PROCESSOR);
    }

    /** The global index every processor has passed: the lowest of their tokens' positions. */
    static final String SLOWEST_PROCESSOR = "SELECT coalesce(min((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint), -1) FROM token_entry";

    /** What the store holds: its highest global index and its number of events. */
    record Stored(long head, long events) {
    }

    /** What the store holds, read while the ledger is stopped. */
    Stored stored() throws Exception {
        return new Stored(count("SELECT max(global_index) FROM domain_event_entry"), count("SELECT count(*) FROM domain_event_entry"));
    }

    /**
     * From the ledger's start until every processor (read models, policies) has passed the last event of what the store
     * held before the start ({@code stored}, counted then: nothing is written meanwhile).
     */
    ObjectNode catchUp(ServiceProcess ledger, Instant started, Stored stored) throws Exception {
        double startup = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        long head = stored.head();
        long total = stored.events();
        long lastReport = System.nanoTime();
        while (slowestProcessor() < head) {
            Thread.sleep(500);
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                Console.info("catch-up: slowest processor at %,d of %,d", slowestProcessor(), head);
            }
        }
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("events", total);
        result.put("seconds_from_start", Latencies.round(seconds));
        result.put("startup_seconds", Latencies.round(startup));
        result.put("events_per_second", Math.round(total / seconds));
        result.put("processors", count("SELECT count(DISTINCT processor_name) FROM token_entry"));
        result.put("rss_mb", Latencies.round(ledger.residentMegabytes()));
        Console.info("catch-up: %d processors passed %,d events in %.0f s after start (%,.0f events/s)", result.get("processors").asLong(),
                total, seconds, total / seconds);
        return result;
    }

    /**
     * Command latency on one aggregate whose stream is 10, 1k, 10k, 100k events long. The first command
     * on each (its history read cold) is reported apart; then the aggregates take turns, so that the
     * JIT's warming up favours none of them.
     */
    ObjectNode historyLatency(LedgerApi api) throws Exception {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        java.util.Map<Integer, Latencies> latencies = new java.util.LinkedHashMap<>();
        java.util.Map<Integer, Double> first = new java.util.HashMap<>();
        for (int length : sizes.historyLengths()) {
            long begin = System.nanoTime();
            api.require("coordinator", "attach-staff", attachStaff(length));
            first.put(length, (System.nanoTime() - begin) / 1e6);
            latencies.put(length, new Latencies());
        }
        for (int round = 0; round < 5 + sizes.historySamples(); round++) {
            for (int length : sizes.historyLengths()) {
                long begin = System.nanoTime();
                api.require("coordinator", "attach-staff", attachStaff(length));
                if (round >= 5) {
                    latencies.get(length).record(System.nanoTime() - begin);
                }
            }
        }
        for (int length : sizes.historyLengths()) {
            ObjectNode level = latencies.get(length).toJson();
            level.put("history", length);
            level.put("first_command_ms", Latencies.round(first.get(length)));
            result.set(String.valueOf(length), level);
            Console.info("history %,7d events: first command %.1f ms, then p50 %.1f ms, p99 %.1f ms", length, first.get(length),
                    level.get("p50_ms").asDouble(), level.get("p99_ms").asDouble());
        }
        return result;
    }

    private static String attachStaff(int length) {
        return "{\"structureId\":\"" + historyStream(length) + "\",\"nation\":\"USA\",\"personnel\":1}";
    }

    /** As-of reads of coordination centers picked at random among the bulk streams. */
    ObjectNode asOfReads(LedgerApi api, int bulkStreams) throws Exception {
        Random random = new Random(42);
        String asOf = Instant.now().toString();
        Latencies current = new Latencies();
        Latencies asOfLatencies = new Latencies();
        for (int i = 0; i < sizes.asOfSamples() + 20; i++) {
            String structure = bulkStream(random.nextInt(bulkStreams));
            long begin = System.nanoTime();
            JsonNode view = api.get("/api/v1/command-structures/" + structure + "?asOf=" + asOf);
            long asOfNanos = System.nanoTime() - begin;
            begin = System.nanoTime();
            api.get("/api/v1/command-structures/" + structure);
            long currentNanos = System.nanoTime() - begin;
            if (view.path("staff").isMissingNode() && view.path("structureId").isMissingNode()) {
                throw new IllegalStateException("unexpected view: " + view);
            }
            if (i >= 20) { // the first twenty warm the JIT and the caches
                asOfLatencies.record(asOfNanos);
                current.record(currentNanos);
            }
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("events_stored", count("SELECT count(*) FROM domain_event_entry"));
        result.put("events_in_view_stream", sizes.eventsPerBulkStream());
        result.set("as_of", asOfLatencies.toJson());
        result.set("current", current.toJson());
        Console.info("as-of reads at %,d events: p50 %.1f ms, p99 %.1f ms (current reads p50 %.1f ms)",
                result.get("events_stored").asLong(), asOfLatencies.percentileMillis(50), asOfLatencies.percentileMillis(99),
                current.percentileMillis(50));
        return result;
    }

    /** Rebuilds every read model from the first event through the audit API, as an operator would. */
    ObjectNode rebuild(LedgerApi api) throws Exception {
        long begin = System.nanoTime();
        JsonNode progress = api.post("auditor", "/api/v1/audit/replays", "{\"projections\":[\"all\"]}");
        String id = progress.path("replayId").asText();
        if (id.isEmpty()) { // refused (a problem+json): polling "replays/" would wait for nothing until the stage's timeout
            throw new IllegalStateException("the rebuild was not accepted: " + progress);
        }
        long lastReport = System.nanoTime();
        while (!"COMPLETED".equals(progress.path("state").asText())) {
            if ("FAILED".equals(progress.path("state").asText())) {
                throw new IllegalStateException("replay failed: " + progress);
            }
            Thread.sleep(200);
            progress = api.get("/api/v1/audit/replays/" + id);
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                Console.info("rebuild: %,d of %,d events, %,d events/s, %s s left", progress.path("eventsDone").asLong(),
                        progress.path("eventsTotal").asLong(), progress.path("eventsPerSecond").asLong(), progress.path("secondsLeft").asText());
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        long events = progress.path("eventsDone").asLong();
        result.put("events", events);
        result.put("seconds", Latencies.round(seconds));
        result.put("events_per_second", Math.round(events / seconds));
        result.put("reported_events_per_second", progress.path("eventsPerSecond").asLong());
        Console.info("rebuild of all read models: %,d events in %.1f s (%,.0f events/s)", events, seconds, events / seconds);
        return result;
    }
}
