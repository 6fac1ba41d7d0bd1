package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Merkle log at scale ({@code merkle <repository> <events>}, docs/audit.md "Figures"): a history written straight
 * into the store with the ledger stopped, then, after a start, how long the merkle-log processor takes to append all
 * of it and the checkpointer to sign it; inclusion and consistency proofs asked over HTTP at random (latency as a
 * client sees it, so the server's part is at most that); and the offline verifier's rate over the whole log.
 */
final class MerkleBenchmark {

    private final BenchPostgres postgres;
    private final Path ledgerJar;
    private final Path logs;
    private final Sizes sizes;

    MerkleBenchmark(BenchPostgres postgres, Path ledgerJar, Path logs, Sizes sizes) {
        this.postgres = postgres;
        this.ledgerJar = ledgerJar;
        this.logs = logs;
        this.sizes = sizes;
    }

    ObjectNode run() throws Exception {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        postgres.createDatabase("merkle");
        Map<String, String> database = Map.of("LEDGER_DB_URL", postgres.jdbcUrl("merkle"), "LEDGER_DB_USER", "postgres", "LEDGER_DB_PASSWORD", "");
        try (ServiceProcess ledger = ServiceProcess.start("merkle-templates", ledgerJar, database, List.of(), logs, "/actuator/health")) {
            LedgerApi api = new LedgerApi(ledger.baseUrl());
            api.require("coordinator", "establish-command-structure", "{\"structureId\":\"templates\",\"name\":\"Center\",\"leadNation\":\"USA\","
                    + "\"location\":\"Kiryat Gat\"}");
            api.require("coordinator", "establish-post", "{\"structureId\":\"templates\",\"postId\":\"lead\",\"title\":\"Lead\",\"line\":\"MILITARY\","
                    + "\"appointingAuthority\":\"Board\"}");
            api.require("coordinator", "attach-staff", "{\"structureId\":\"templates\",\"nation\":\"CYP\",\"personnel\":1}");
        }
        Console.stage("Merkle log: a history of " + String.format("%,d", sizes.bulkEvents()) + " events (the ledger stopped)");
        result.set("history_written", new LedgerBenchmark(postgres, "merkle", sizes).writeHistory());
        long stored = count("SELECT count(*) FROM domain_event_entry");

        Instant started = Instant.now();
        try (ServiceProcess ledger = ServiceProcess.start("merkle-ledger", ledgerJar, database, List.of(), logs, "/actuator/health")) {
            LedgerApi api = new LedgerApi(ledger.baseUrl());
            Console.stage("Merkle log: appending every event and signing it");
            Instant logged = null;
            Instant signed = null;
            long lastReport = System.nanoTime();
            while (signed == null) {
                JsonNode log = api.get("/api/v1/audit/log");
                long size = log.get("size").asLong();
                if (logged == null && size >= stored) {
                    logged = Instant.now();
                }
                if (log.path("latestCheckpoint").path("treeSize").asLong() >= stored) {
                    signed = Instant.now();
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    Console.info("merkle log: %,d of %,d events, last checkpoint %,d", size, stored, log.path("latestCheckpoint").path("treeSize").asLong());
                }
                Thread.sleep(100);
            }
            double appendSeconds = Duration.between(started, logged).toMillis() / 1000.0;
            result.put("events", stored);
            result.put("log_complete_seconds_from_start", Latencies.round(appendSeconds));
            result.put("log_events_per_second_from_start", Math.round(stored / appendSeconds));
            result.put("signed_after_log_complete_ms", Duration.between(logged, signed).toMillis());
            result.put("checkpoints", count("SELECT count(*) FROM merkle_checkpoint"));
            Console.info("merkle log: %,d events appended %.1f s after the start (%,.0f events/s), signed %d ms later, %d checkpoints", stored,
                    appendSeconds, stored / appendSeconds, Duration.between(logged, signed).toMillis(), result.get("checkpoints").asLong());

            // the proofs on a ledger at rest, as before the log caught up in bulk: no longer the last processor to
            // reach the head, it would otherwise be measured beside the read models' catch-up
            long head = count("SELECT max(global_index) FROM domain_event_entry");
            while (count(LedgerBenchmark.SLOWEST_PROCESSOR) < head) {
                Thread.sleep(200);
            }
            double allSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            result.put("all_processors_caught_up_seconds_from_start", Latencies.round(allSeconds));
            // and PostgreSQL's autovacuum done with the million rows each bulk wrote (at most a minute)
            long quietBy = System.nanoTime() + 60_000_000_000L;
            while (count("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'") > 0 && System.nanoTime() < quietBy) {
                Thread.sleep(200);
            }
            double quietSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            result.put("autovacuum_done_seconds_from_start", Latencies.round(quietSeconds));
            Console.info("every processor at the head %.1f s after the start, autovacuum done at %.1f s", allSeconds, quietSeconds);

            Console.stage("Merkle log: proofs over HTTP");
            List<String> eventIds = new ArrayList<>();
            try (Connection connection = postgres.connect("merkle"); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT event_identifier FROM domain_event_entry ORDER BY random() LIMIT 2000")) {
                while (rows.next()) {
                    eventIds.add(rows.getString(1));
                }
            }
            for (int i = 0; i < 200; i++) { // warm-up
                api.getRaw("/api/v1/audit/log/proofs/inclusion?eventId=" + eventIds.get(i));
            }
            long[] inclusion = new long[eventIds.size()];
            long[] inclusionServer = new long[eventIds.size()];
            for (int i = 0; i < eventIds.size(); i++) {
                long start = System.nanoTime();
                HttpResponse<String> proof = api.getRaw("/api/v1/audit/log/proofs/inclusion?eventId=" + eventIds.get(i));
                inclusion[i] = System.nanoTime() - start;
                inclusionServer[i] = serverNanos(proof);
                if (proof.statusCode() != 200) {
                    throw new IllegalStateException("inclusion proof answered " + proof.statusCode() + ": " + proof.body());
                }
            }
            result.set("inclusion_proof_ms", percentiles(inclusion));
            result.set("inclusion_proof_server_ms", percentiles(inclusionServer));
            List<Long> checkpointSizes = new ArrayList<>();
            api.get("/api/v1/audit/log/checkpoints?limit=1000").get("checkpoints").forEach(c -> checkpointSizes.add(c.get("treeSize").asLong()));
            Random random = new Random(42);
            long[] consistency = new long[500];
            long[] consistencyServer = new long[consistency.length];
            for (int i = 0; i < consistency.length; i++) {
                long from = checkpointSizes.get(random.nextInt(checkpointSizes.size()));
                long start = System.nanoTime();
                HttpResponse<String> proof = api.getRaw("/api/v1/audit/log/proofs/consistency?from=" + from);
                consistency[i] = System.nanoTime() - start;
                consistencyServer[i] = serverNanos(proof);
                if (proof.statusCode() != 200) {
                    throw new IllegalStateException("consistency proof answered " + proof.statusCode() + ": " + proof.body());
                }
            }
            result.set("consistency_proof_ms", percentiles(consistency));
            result.set("consistency_proof_server_ms", percentiles(consistencyServer));
            Console.info("inclusion proof over HTTP: %s, made in %s; consistency proof: %s, made in %s", result.get("inclusion_proof_ms"),
                    result.get("inclusion_proof_server_ms"), result.get("consistency_proof_ms"), result.get("consistency_proof_server_ms"));
            result.put("verifier_key", api.get("/api/v1/audit/log/keys").get("keys").get(0).get("verifierKey").asText());
        }

        Console.stage("Merkle log: the offline verifier over the whole ledger");
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", ledgerJar.toString(), "verify",
                "--db-url", postgres.jdbcUrl("merkle"), "--db-user", "postgres", "--db-password", "", "--log-key", result.get("verifier_key").asText());
        Path output = logs.resolve("merkle-verify.log");
        Files.createDirectories(logs);
        long start = System.nanoTime();
        Process verify = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File(output.toString())).start();
        if (!verify.waitFor(30, TimeUnit.MINUTES) || verify.exitValue() != 0) {
            throw new IllegalStateException("the verifier failed; see " + output);
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Matcher rate = Pattern.compile("checked in ([0-9.]+) s \\(([0-9,]+) leaves/s\\)").matcher(text);
        if (!rate.find()) {
            throw new IllegalStateException("no rate in the verifier's output: " + output);
        }
        result.put("verify_log_seconds", Double.parseDouble(rate.group(1)));
        result.put("verify_log_leaves_per_second", Long.parseLong(rate.group(2).replace(",", "")));
        result.put("verify_whole_run_seconds", Latencies.round((System.nanoTime() - start) / 1e9));
        Console.info("offline verifier: the log at %,d leaves/s (the whole run, chains first: %.0f s)", result.get("verify_log_leaves_per_second").asLong(),
                result.get("verify_whole_run_seconds").asDouble());
        return result;
    }

    private long count(String sql) throws Exception {
        try (Connection connection = postgres.connect("merkle"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The server's own time for the proof, from its Server-Timing header ({@code proof;dur=<ms>}). */
    static long serverNanos(HttpResponse<String> response) {
        String timing = response.headers().firstValue("Server-Timing").orElseThrow(() -> new IllegalStateException("no Server-Timing"));
        Matcher duration = Pattern.compile("dur=([0-9.]+)").matcher(timing);
        if (!duration.find()) {
            throw new IllegalStateException("no duration in Server-Timing: " + timing);
        }
        return Math.round(Double.parseDouble(duration.group(1)) * 1e6);
    }

    static ObjectNode percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("samples", sorted.length);
        result.put("p50", Latencies.round(sorted[sorted.length / 2] / 1e6));
        result.put("p99", Latencies.round(sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6));
        result.put("max", Latencies.round(sorted[sorted.length - 1] / 1e6));
        return result;
    }
}
