package org.coordination.ledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The harness in quick mode, as CI runs it: every stage runs against the real jars, a real
 * PostgreSQL and a real broker, and produces numbers, charts and a report. It checks that the
 * harness works and that what it measured is sound (no refused command, every acknowledged event
 * reached the subscriber, the rebuild covered the whole store), not how fast anything was: speed is
 * for the committed full run (docs/benchmarks.md).
 */
class QuickBenchmarkIT {

    @Test
    void theQuickRunMeasuresEveryStageAndWritesItsReport() throws Exception {
        Path repository = Path.of("../..").toAbsolutePath().normalize();
        Path output = repository.resolve("target/bench-quick");
        JsonNode results = new BenchmarkHarness(Sizes.of("quick"), repository, output).run();

        for (String connections : List.of("1", "8", "32")) {
            assertThat(results.at("/raw/appends/" + connections + "/events_per_second").asLong()).as("raw " + connections).isPositive();
            for (String service : List.of("ledger", "peer")) {
                JsonNode level = results.at("/" + service + "/" + connections);
                assertThat(level.path("commands").asLong()).as(service + " " + connections).isPositive();
                assertThat(level.path("errors").asLong()).as(service + " " + connections + ": " + level.path("first_error")).isZero();
                assertThat(level.at("/latency/p99_ms").asDouble()).isGreaterThanOrEqualTo(level.at("/latency/p50_ms").asDouble());
                assertSoundCost(service + " " + connections, level.path("cost"));
            }
        }
        assertThat(results.at("/ledger_half_load/errors").asLong()).isZero();
        assertThat(results.at("/ledger_half_load/cost/commands").asLong()).as("half load: commands in the cost's window").isPositive();
        // measured after a warm-up at the rate, as the closed-loop levels are; the whole schedule's latencies beside them
        assertThat(results.at("/ledger_half_load/warm_up_seconds").asDouble()).isEqualTo(1.0);
        assertThat(results.at("/ledger_half_load/latency_whole_schedule/count").asLong()).as("the warm-up's commands are in the whole schedule only")
                .isGreaterThan(results.at("/ledger_half_load/latency/count").asLong());
        assertThat(results.at("/ledger_half_load/latency/count").asLong()).isPositive();
        assertThat(results.at("/ledger_half_load/p99_ms_by_second")).as("a p99 for each second of the warm-up and the measured window").hasSize(3);

        long written = results.at("/history_written/events_written").asLong();
        assertThat(written).isGreaterThanOrEqualTo(19_000);
        assertThat(results.at("/catch_up/events").asLong()).isGreaterThan(written);
        assertThat(results.at("/history_latency/10/count").asLong()).isEqualTo(30);
        assertThat(results.at("/history_latency/1000/count").asLong()).isEqualTo(30);
        assertThat(results.at("/as_of/as_of/count").asLong()).isEqualTo(30);
        // the rebuild went through every event stored when it started
        assertThat(results.at("/rebuild/events").asLong()).isGreaterThanOrEqualTo(results.at("/as_of/events_stored").asLong());
        assertThat(results.at("/raw_stream/events").asLong()).isGreaterThanOrEqualTo(results.at("/as_of/events_stored").asLong());
        assertThat(results.at("/memory/rss_mb").asDouble()).isPositive();

        JsonNode kafka = results.path("kafka");
        assertThat(kafka.path("events").asLong()).isPositive();
        assertThat(kafka.path("events_applied").asLong()).as("every acknowledged event reached the subscriber")
                .isEqualTo(kafka.path("events").asLong());
        assertThat(kafka.path("errors").asLong()).isZero();
        if (ProcStat.available()) {
            assertThat(kafka.at("/cost/subscriber_cpu_ms_per_command").asDouble()).as("kafka: the subscriber's CPU per command").isPositive();
        }

        String report = Files.readString(output.resolve("benchmarks.md"));
        assertThat(report).contains(Report.BEGIN, Report.END, "### Targets", "| 32 |", "Kafka path");
        for (String chart : List.of("throughput-quick.png", "latency-quick.png", "history-quick.png")) {
            byte[] png = Files.readAllBytes(output.resolve("benchmarks").resolve(chart));
            assertThat(png).as(chart).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }
        assertThat(output.resolve("benchmarks/results-quick.json")).exists();
        assertThat(report).contains("### Cost per command");
        assertThat(report).contains("open loop, after 1 s at that rate) | ", " (whole schedule: ", "over the whole schedule, those first seconds included");
    }

    /**
     * Every accepted command commits at least its own transaction, and the service spends CPU on it;
     * CPU comes from Linux's /proc, so elsewhere it is absent and not checked.
     */
    private static void assertSoundCost(String level, JsonNode cost) {
        assertThat(cost.path("commands").asLong()).as(level + ": commands in the cost's window").isPositive();
        if (ProcStat.available()) {
            assertThat(cost.path("service_cpu_ms_per_command").asDouble()).as(level + ": service CPU ms per command").isPositive();
            assertThat(cost.path("postgres_cpu_ms_per_command").asDouble()).as(level + ": PostgreSQL CPU ms per command").isPositive();
            assertThat(cost.path("harness_cpu_ms_per_command").asDouble()).as(level + ": the harness's (the clients') CPU ms per command").isPositive();
            assertThat(cost.path("service_jit_cpu_ms_per_command").isNumber()).as(level + ": the JIT compilers' part is measured").isTrue();
            assertThat(cost.path("service_jit_cpu_ms_per_command").asDouble()).as(level + ": the JIT compilers' part of the service's CPU")
                    .isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(cost.path("service_cpu_ms_per_command").asDouble());
        }
        // below one with the ledger's group commit: commands that arrive together share a transaction
        assertThat(cost.path("transactions_per_command").asDouble()).as(level + ": transactions per command").isPositive();
        assertThat(cost.path("wal_bytes_per_command").asLong()).as(level + ": WAL bytes per command").isPositive();
    }
}
