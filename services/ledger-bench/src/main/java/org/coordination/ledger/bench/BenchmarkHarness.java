package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One command for every number in docs/benchmarks.md:
 * {@code scripts/bench.sh full} (or {@code quick}). It starts a real PostgreSQL with production
 * durability, measures its raw limit, drives the ledger's real jar over HTTP, then the same jar on
 * Axon's defaults, then a million-event history (catch-up, latency by history length, as-of reads,
 * rebuild, memory), then the Kafka path to the reference subscriber; it writes results.json, the
 * charts and the report.
 */
public final class BenchmarkHarness {

    private final Sizes sizes;
    private final Path repository;
    private final Path output;
    private final ObjectNode results = JsonNodeFactory.instance.objectNode();

    BenchmarkHarness(Sizes sizes, Path repository, Path output) {
        this.sizes = sizes;
        this.repository = repository;
        this.output = output;
    }

    /**
     * {@code quick|full [repository root]}: quick writes to target/bench-quick, full to docs/.
     * {@code load <base url> <clients> <seconds>}: only the command mix against a running ledger, to
     * profile it (docs/benchmarks.md, "What was changed": the tools).
     * {@code merkle [repository root] [events]}: the Merkle log at scale, to target/bench-merkle (docs/audit.md, "Figures").
     * {@code report <results.json> <markdown> <charts directory>}: a run's report written again from its results.
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "quick";
        if ("kafka".equals(mode) || "catch-up".equals(mode)) {
            // one stage with quick sizes, to profile it: the Kafka path (at [commands/s] for [seconds]), or the ledger's
            // stages with [events] of history
            Path repository = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().normalize();
            Sizes quick = Sizes.of("quick");
            if (args.length > 2) {
                quick = "kafka".equals(mode)
                        ? quick.withKafka(Integer.parseInt(args[2]), Duration.ofSeconds(args.length > 3 ? Integer.parseInt(args[3]) : 30))
                        : quick.withBulkEvents(Integer.parseInt(args[2]));
            }
            BenchmarkHarness harness = new BenchmarkHarness(quick, repository, repository.resolve("target/bench-" + mode));
            Path work = repository.resolve("target/bench-work");
            Path ledgerJar = repository.resolve("services/ledger/target/ledger-0.1.0.jar");
            try (BenchPostgres postgres = BenchPostgres.start(work.resolve("pg"))) {
                if ("kafka".equals(mode)) {
                    harness.kafkaStage(postgres, ledgerJar, repository.resolve("services/ledger-subscriber/target/ledger-subscriber-0.1.0.jar"),
                            work.resolve("logs"));
                } else {
                    harness.ledgerStages(postgres, ledgerJar, work.resolve("logs"));
                }
            }
            return;
        }
        if ("merkle".equals(mode)) {
            // the Merkle log at scale: merkle <repository> <events> (docs/audit.md, "Figures")
            Path repository = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().normalize();
            Sizes sizes = Sizes.of("quick").withBulkEvents(args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000);
            Path work = repository.resolve("target/bench-work");
            try (BenchPostgres postgres = BenchPostgres.start(work.resolve("pg"))) {
                ObjectNode result = new MerkleBenchmark(postgres, repository.resolve("services/ledger/target/ledger-0.1.0.jar"),
                        work.resolve("logs"), sizes).run();
                Path json = repository.resolve("target/bench-merkle/results.json");
                Files.createDirectories(json.getParent());
                LedgerApi.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), result);
                Console.info("results: %s", json);
            }
            return;
        }
        if ("report".equals(mode)) {
            // the report again from a run's results, after the report changed: report <results.json> <markdown> <charts directory>
            new Report(LedgerApi.JSON.readTree(Path.of(args[1]).toFile())).write(Path.of(args[2]), Path.of(args[3]));
            return;
        }
        if ("paced".equals(mode)) {
            // the open-loop stage alone: paced <url> <commands per second> <seconds> [<seconds of warm-up at that rate, not measured>]
            LedgerApi api = new LedgerApi(args[1]);
            java.time.Duration warmUp = java.time.Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 0);
            System.out.println(new PacedLoad(api, "p" + System.currentTimeMillis() % 100000 + "-")
                    .run(Integer.parseInt(args[2]), warmUp, java.time.Duration.ofSeconds(Long.parseLong(args[3]))).summary());
            return;
        }
        if ("load".equals(mode)) {
            LedgerApi api = new LedgerApi(args[1]);
            if (api.command("coordinator", "establish-force", "{}").status() == 0) {
                throw new IllegalStateException("no ledger at " + args[1]);
            }
            new HttpLoad(api, "x" + System.currentTimeMillis() % 100000 + "-").levels("load", List.of(Integer.parseInt(args[2])),
                    java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(Long.parseLong(args[3])));
            return;
        }
        Path repository = Path.of(args.length > 1 ? args[1] : ".").toAbsolutePath().normalize();
        Path output = "full".equals(mode) ? repository.resolve("docs") : repository.resolve("target/bench-quick");
        new BenchmarkHarness(Sizes.of(mode), repository, output).run();
    }

    ObjectNode run() throws Exception {
        Path work = repository.resolve("target/bench-work");
        Files.createDirectories(work);
        Path logs = work.resolve("logs");
        Path ledgerJar = repository.resolve("services/ledger/target/ledger-0.1.0.jar");
        Path subscriberJar = repository.resolve("services/ledger-subscriber/target/ledger-subscriber-0.1.0.jar");
        results.put("mode", sizes.mode());
        results.put("started_at", Instant.now().toString());
        ObjectNode machine = results.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_gb", Math.round(com.sun.management.OperatingSystemMXBean.class
                .cast(java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / 1e9));
        machine.put("java", System.getProperty("java.version"));
        machine.put("ledger_jvm_flags", String.join(" ", ServiceProcess.jvmFlags(repository)));
        Console.stage("PostgreSQL 17 with production durability");
        try (BenchPostgres postgres = BenchPostgres.start(work.resolve("pg"))) {
            machine.put("postgres_fsync", postgres.setting("fsync"));
            machine.put("postgres_synchronous_commit", postgres.setting("synchronous_commit"));
            Console.info("port %d, fsync=%s, synchronous_commit=%s", postgres.port(), postgres.setting("fsync"),
                    postgres.setting("synchronous_commit"));

            Console.stage("Raw limit: single-event append transactions with plain JDBC");
            results.set("raw", new RawAppendBenchmark(postgres).run(sizes.rawConnections(), sizes.rawPerLevel()));

            ledgerStages(postgres, ledgerJar, logs);
            peerStage(postgres, ledgerJar, logs);
            kafkaStage(postgres, ledgerJar, subscriberJar, logs);
        }
        results.put("finished_at", Instant.now().toString());
        Files.createDirectories(output);
        Path json = output.resolve("benchmarks/results-" + sizes.mode() + ".json");
        Files.createDirectories(json.getParent());
        LedgerApi.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), results);
        new Report(results).write(output.resolve("benchmarks.md"), output.resolve("benchmarks"));
        Console.stage("Done");
        Console.info("results: %s; report: %s", json, output.resolve("benchmarks.md"));
        return results;
    }

    private static Map<String, String> database(BenchPostgres postgres, String name) {
        return Map.of("LEDGER_DB_URL", postgres.jdbcUrl(name), "LEDGER_DB_USER", "postgres", "LEDGER_DB_PASSWORD", "");
    }

    private void ledgerStages(BenchPostgres postgres, Path jar, Path logs) throws Exception {
        Console.stage("The ledger over HTTP (1, 8, 32 clients)");
        postgres.createDatabase("ledger");
        LedgerBenchmark ledgerBench = new LedgerBenchmark(postgres, "ledger", sizes);
        ObjectNode http;
        try (ServiceProcess ledger = ServiceProcess.start("ledger", jar, database(postgres, "ledger"), List.of(), logs, "/actuator/health");
             CostMeter cost = new CostMeter(postgres, new CostMeter.Watched("service", ledger.pid(), "ledger"))) {
            LedgerApi api = new LedgerApi(ledger.baseUrl());
            HttpLoad load = new HttpLoad(api, "l", cost);
            load.warmUpService(sizes.serviceWarmUp());
            http = load.levels("ledger", sizes.clients(), sizes.warmUp(), sizes.perLevel());
            results.set("ledger", http);
            long best = 0;
            for (var level : (Iterable<com.fasterxml.jackson.databind.JsonNode>) http::elements) {
                best = Math.max(best, level.get("commands_per_second").asLong());
            }
            int half = (int) Math.max(1, best / 2);
            Console.stage("The ledger at half its maximum throughput (" + half + " commands/s, open loop; measured after "
                    + sizes.warmUp().toSeconds() + " s at that rate)");
            ObjectNode paced = new PacedLoad(api, "h", cost).run(half, sizes.warmUp(), sizes.perLevel()).summary();
            results.set("ledger_half_load", paced);
            Console.info("offered %d commands/s, achieved %d: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms", half,
                    paced.get("achieved_commands_per_second").asLong(), paced.get("latency").get("p50_ms").asDouble(),
                    paced.get("latency").get("p99_ms").asDouble(), paced.get("latency").get("p999_ms").asDouble());
            if (paced.has("cost")) {
                Console.info("  %s", Cost.summary(paced.get("cost")));
            }
        }

        Console.stage("A history of " + String.format("%,d", sizes.bulkEvents()) + " events (the ledger stopped)");
        results.set("history_written", ledgerBench.writeHistory());
        // counted before the start: a count of the whole table beside the bulks would take a core from them
        LedgerBenchmark.Stored stored = ledgerBench.stored();
        Instant started = Instant.now();
        try (ServiceProcess ledger = ServiceProcess.start("ledger-history", jar, database(postgres, "ledger"), List.of(), logs,
                "/actuator/health")) {
            LedgerApi api = new LedgerApi(ledger.baseUrl());
            Console.stage("Catch-up: every processor through the history after a start");
            results.set("catch_up", ledgerBench.catchUp(ledger, started, stored));
            Console.stage("Command latency as one aggregate's history grows");
            results.set("history_latency", ledgerBench.historyLatency(api));
            Console.stage("As-of reads");
            int bulkStreams = results.get("history_written").get("streams").asInt() - sizes.historyLengths().size();
            results.set("as_of", ledgerBench.asOfReads(api, Math.max(1, bulkStreams)));
            Console.stage("Raw stream: every event back in global order");
            ObjectNode stream = RawAppendBenchmark.stream(postgres, "ledger", "domain_event_entry");
            results.set("raw_stream", stream);
            Console.info("streamed %,d events in %.1f s (%,d events/s)", stream.get("events").asLong(), stream.get("seconds").asDouble(),
                    stream.get("events_per_second").asLong());
            Console.stage("Rebuild of every read model");
            results.set("rebuild", ledgerBench.rebuild(api));
            ObjectNode memory = results.putObject("memory");
            memory.put("events_stored", ledgerBench.count("SELECT count(*) FROM domain_event_entry"));
            memory.put("rss_mb", Latencies.round(ledger.residentMegabytes()));
            memory.put("peak_rss_mb", Latencies.round(ledger.peakResidentMegabytes()));
            Console.info("ledger resident memory with %,d events stored: %.0f MB now, %.0f MB peak", memory.get("events_stored").asLong(),
                    memory.get("rss_mb").asDouble(), memory.get("peak_rss_mb").asDouble());
        }
    }

    private void peerStage(BenchPostgres postgres, Path jar, Path logs) throws Exception {
        Console.stage("The peer: the same ledger on Axon's defaults (JPA, tracking processors, no snapshots)");
        postgres.createDatabase("peer");
        try (ServiceProcess peer = ServiceProcess.start("peer", jar, database(postgres, "peer"),
                List.of("--spring.profiles.active=axon-defaults"), logs, "/actuator/health");
             CostMeter cost = new CostMeter(postgres, new CostMeter.Watched("service", peer.pid(), "peer"))) {
            LedgerApi api = new LedgerApi(peer.baseUrl());
            HttpLoad load = new HttpLoad(api, "p", cost);
            load.warmUpService(sizes.serviceWarmUp());
            results.set("peer", load.levels("axon defaults", sizes.clients(), sizes.warmUp(), sizes.perLevel()));
        }
    }

    private void kafkaStage(BenchPostgres postgres, Path ledgerJar, Path subscriberJar, Path logs) throws Exception {
        Console.stage("Kafka path: command acknowledged → reference subscriber applied");
        postgres.createDatabase("ledger_kafka");
        postgres.createDatabase("subscriber");
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        try {
            Map<String, String> ledgerEnvironment = new java.util.HashMap<>(database(postgres, "ledger_kafka"));
            ledgerEnvironment.put("LEDGER_KAFKA_BOOTSTRAP_SERVERS", broker.getBrokersAsString());
            Map<String, String> subscriberEnvironment = Map.of(
                    "LEDGER_SUBSCRIBER_DB_URL", postgres.jdbcUrl("subscriber"), "LEDGER_SUBSCRIBER_DB_USER", "postgres",
                    "LEDGER_SUBSCRIBER_DB_PASSWORD", "", "LEDGER_KAFKA_BOOTSTRAP_SERVERS", broker.getBrokersAsString());
            // the two start side by side: neither needs the other to start (the subscriber waits for records)
            try (ServiceProcess ledger = ServiceProcess.launch("ledger-kafka", ledgerJar, ledgerEnvironment, List.of(), logs);
                 ServiceProcess subscriber = ServiceProcess.launch("subscriber", subscriberJar, subscriberEnvironment, List.of(), logs)) {
                ledger.awaitHealthy("/actuator/health", Duration.ofSeconds(180));
                subscriber.awaitHealthy("/actuator/health", Duration.ofSeconds(180));
                kafkaLevels(postgres, broker, ledger, subscriber);
            }
        } finally {
            broker.destroy();
        }
    }

    private void kafkaLevels(BenchPostgres postgres, EmbeddedKafkaKraftBroker broker, ServiceProcess ledger, ServiceProcess subscriber)
            throws Exception {
        try (CostMeter cost = new CostMeter(postgres, new CostMeter.Watched("service", ledger.pid(), "ledger_kafka"),
                new CostMeter.Watched("subscriber", subscriber.pid(), "subscriber"))) {
            LedgerApi api = new LedgerApi(ledger.baseUrl());
            // At half the ledger's best (the target's "half the maximum"; its load with Kafka, the broker and
            // the subscriber on the same cores), at most the sizes' Kafka rate, and at a quarter of it; the
            // report says which rates were offered. "kafka" is the higher one.
            int half = (int) Math.max(1, Math.min(sizes.kafkaRate(), results.path("ledger_half_load").path("offered_commands_per_second")
                    .asLong(sizes.kafkaRate())));
            KafkaPathBenchmark kafka = new KafkaPathBenchmark(api, postgres, "ledger_kafka", "subscriber", broker.getBrokersAsString(),
                    cost);
            kafka.warmUp(Math.max(1, half / 2), sizes.serviceWarmUp());
            com.fasterxml.jackson.databind.node.ArrayNode levels = results.putArray("kafka_levels");
            if (half >= 8 && half < sizes.kafkaRate()) {
                levels.add(kafka.run(half / 2, sizes.kafkaDuration()));
            }
            results.set("kafka", kafka.run(half, sizes.kafkaDuration()));
            levels.add(results.get("kafka"));
            for (var level : levels) {
                ((ObjectNode) level).put("requested_commands_per_second", sizes.kafkaRate());
            }
        }
    }
}
