package org.coordination.ledger.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.actuate.autoconfigure.tracing.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /actuator/prometheus} as an operator's Prometheus scrapes it: commands by name and outcome, the
 * processors' lag, batches, dead letters and segments, Axon's own monitors, the HTTP histograms and the pool;
 * each command logged once in one line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability(tracing = false)
@ExtendWith(OutputCaptureExtension.class)
class MetricsIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    AtomicInteger startedSpans;

    @Test
    void commandsAreCountedByNameAndOutcomeAndLoggedOnce(CapturedOutput output) {
        LedgerClient ledger = new LedgerClient(port);
        double acceptedBefore = valueOrZero(scrape(ledger), "ledger_commands_seconds_count", "command=\"establish-command-structure\",outcome=\"accepted\"");
        double conflictsBefore = valueOrZero(scrape(ledger), "ledger_commands_seconds_count", "command=\"attach-staff\",outcome=\"conflict\"");

        String body = "{\"structureId\":\"metrics-1\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}";
        assertThat(ledger.command("coordinator", "establish-command-structure", body).status()).isEqualTo(200);
        // established twice: the rule refuses the second (422)
        assertThat(ledger.command("coordinator", "establish-command-structure", body).status()).isEqualTo(422);
        Answer stale = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"metrics-1\",\"nation\":\"USA\",\"personnel\":3}",
                Map.of("If-Match", "\"7\""));
        assertThat(stale.status()).isEqualTo(412);

        String metrics = scrape(ledger);
        assertThat(value(metrics, "ledger_commands_seconds_count", "command=\"establish-command-structure\",outcome=\"accepted\""))
                .isEqualTo(acceptedBefore + 1);
        assertThat(value(metrics, "ledger_commands_seconds_count", "command=\"establish-command-structure\",outcome=\"refused\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "ledger_commands_seconds_count", "command=\"attach-staff\",outcome=\"conflict\""))
                .isEqualTo(conflictsBefore + 1);
        assertThat(metrics).contains("ledger_commands_seconds_bucket{command=\"establish-command-structure\",outcome=\"accepted\",le=");

        assertThat(output.getOut().lines().filter(line -> line.contains("establish-command-structure accepted: ")
                        && line.contains(" metrics-1 by coordinator as COORDINATOR, 200, version 0 in ")))
                .as(output.getOut()).hasSize(1).allMatch(line -> line.contains("ledger.commands"));
        assertThat(output.getOut().lines().filter(line -> line.contains("establish-command-structure refused: ")
                && line.contains(" metrics-1 by coordinator as COORDINATOR, 422 in "))).hasSize(1);
    }

    /** A command on an aggregate that does not exist is the client's mistake: a 404 and the command's one line, no stack trace. */
    @Test
    void aCommandOnAMissingAggregateIsLoggedInOneLineWithoutAStackTrace(CapturedOutput output) {
        LedgerClient ledger = new LedgerClient(port);
        int before = output.getAll().length();
        Answer missing = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"metrics-missing\",\"nation\":\"USA\",\"personnel\":1}");
        assertThat(missing.status()).isEqualTo(404);
        String logged = output.getAll().substring(before);
        assertThat(logged.lines().filter(line -> line.contains("metrics-missing"))).as(logged).hasSize(1)
                .allMatch(line -> line.contains("ledger.commands"));
        assertThat(logged).as(logged).doesNotContain("AggregateNotFoundException").doesNotContain("\tat org.axonframework.");
    }

    @Test
    void everyStreamingProcessorShowsItsLagBatchesDeadLettersAndSegments() {
        LedgerClient ledger = new LedgerClient(port);
        Answer established = ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"metrics-2\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        long position = established.json().get("position").asLong();
        assertThat(ledger.get("viewer", "/api/v1/command-structures/metrics-2?minPosition=" + position).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = scrape(ledger);
            for (String processor : new String[] {"read-models", "policies"}) {
                String tag = "processor=\"" + processor + "\"";
                assertThat(value(metrics, "ledger_processor_lag_events", tag)).as(processor).isZero();
                assertThat(value(metrics, "ledger_processor_lag_seconds", tag)).as(processor).isZero();
                assertThat(value(metrics, "ledger_processor_dead_letters_events", tag)).as(processor).isZero();
                assertThat(value(metrics, "ledger_processor_segments_claimed", tag)).as(processor).isEqualTo(1);
            }
            assertThat(value(metrics, "ledger_processor_batch_seconds_count", "processor=\"read-models\"")).isPositive();
            assertThat(value(metrics, "ledger_processor_batch_events_sum", "processor=\"read-models\"")).isGreaterThanOrEqualTo(1);
        });
        String metrics = scrape(ledger);
        // Spring's HTTP server histogram, the database pool, the publisher and replays; not Axon's per-message
        // monitors, which are off unless LEDGER_AXON_MONITORS=true (AxonMonitorsIT)
        assertThat(metrics).doesNotContain("eventProcessor_")
                .contains("http_server_requests_seconds_bucket{")
                .contains("hikaricp_connections_active{")
                .contains("ledger_publisher_lag_events ")
                .contains("ledger_replay_running 0.0");
    }

    @Test
    void aStoppedProcessorFallsBehindInEventsAndSecondsAndCatchesUpWhenStarted() {
        LedgerClient ledger = new LedgerClient(port);
        String policies = "policies";
        String tag = "processor=\"" + policies + "\"";
        StreamingEventProcessor processor = processing.eventProcessor(policies, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        try {
            ledger.command("coordinator", "establish-command-structure",
                    "{\"structureId\":\"metrics-3\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String metrics = scrape(ledger);
                assertThat(value(metrics, "ledger_processor_lag_events", tag)).isGreaterThanOrEqualTo(1);
                assertThat(value(metrics, "ledger_processor_lag_seconds", tag)).isGreaterThan(0);
                assertThat(value(metrics, "ledger_processor_segments_claimed", tag)).isZero();
                assertThat(value(metrics, "ledger_processor_lag_events", "processor=\"read-models\"")).isZero();
            });
        } finally {
            processor.start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = scrape(ledger);
            assertThat(value(metrics, "ledger_processor_lag_events", tag)).isZero();
            assertThat(value(metrics, "ledger_processor_lag_seconds", tag)).isZero();
            assertThat(value(metrics, "ledger_processor_segments_claimed", tag)).isEqualTo(1);
        });
    }

    @Test
    void everyQueryOfTheDashboardNamesASeriesTheServiceExports() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        long position = ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"metrics-4\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}")
                .json().get("position").asLong();
        assertThat(ledger.get("viewer", "/api/v1/command-structures/metrics-4?minPosition=" + position).status()).isEqualTo(200);

        JsonNode dashboard = new ObjectMapper().readTree(RepositoryFiles.locate("deploy/grafana/dashboards/ledger.json").toFile());
        Set<String> names = new TreeSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                names.addAll(DashboardQueries.metricNames(target.get("expr").asText()));
            }
        }
        assertThat(names).hasSizeGreaterThan(15).contains("ledger_processor_lag_events", "http_server_requests_seconds_bucket");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = scrape(ledger);
            assertThat(names).allSatisfy(name -> assertThat(metrics)
                    .as("a series named " + name).containsPattern(Pattern.compile("^" + Pattern.quote(name) + "[{ ]", Pattern.MULTILINE)));
        });
    }

    @Test
    void theScrapeIsForOperatorsNotForEveryone() {
        LedgerClient ledger = new LedgerClient(port);
        assertThat(ledger.get("viewer", "/actuator/prometheus").status()).isEqualTo(403);
        assertThat(ledger.get("operator", "/actuator/prometheus").status()).isEqualTo(200);
    }

    /**
     * Tracing is off by default, and then an HTTP request is no span at all: Spring Boot's receiving handler had made
     * each one a span on the OpenTelemetry SDK's tracer, sampled and recorded, though the service traces nothing.
     */
    @Test
    void withTracingOffARequestStartsNoSpan() {
        LedgerClient ledger = new LedgerClient(port);
        int before = startedSpans.get();
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"metrics-untraced\",\"name\":\"Center\",\"location\":\"Kiryat Gat\",\"leadNation\":\"USA\"}").status())
                .isEqualTo(200);
        scrape(ledger);
        assertThat(startedSpans.get()).isEqualTo(before);
    }

    /** Every span the OpenTelemetry SDK starts, counted by a span processor added to its tracer provider. */
    @TestConfiguration
    static class SpansStarted {

        @Bean
        AtomicInteger startedSpans() {
            return new AtomicInteger();
        }

        @Bean
        SdkTracerProviderBuilderCustomizer countStartedSpans(AtomicInteger startedSpans) {
            return builder -> builder.addSpanProcessor(new SpanProcessor() {
                @Override
                public void onStart(Context parentContext, ReadWriteSpan span) {
                    startedSpans.incrementAndGet();
                }

                @Override
                public boolean isStartRequired() {
                    return true;
                }

                @Override
                public void onEnd(ReadableSpan span) {
                }

                @Override
                public boolean isEndRequired() {
                    return false;
                }
            });
        }
    }

    private static String scrape(LedgerClient ledger) {
        Answer answer = ledger.get("operator", "/actuator/prometheus");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }

    /** The sample of {@code name} whose labels contain {@code labels}; the test fails if there is none. */
    private static double value(String metrics, String name, String labels) {
        Double value = sample(metrics, name, labels);
        assertThat(value).as("a sample of " + name + " with " + labels).isNotNull();
        return value;
    }

    /** As {@link #value}, 0 while the series does not exist yet (a counter before its first increment). */
    private static double valueOrZero(String metrics, String name, String labels) {
        Double value = sample(metrics, name, labels);
        return value == null ? 0 : value;
    }

    private static Double sample(String metrics, String name, String labels) {
        Matcher sample = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        while (sample.find()) {
            if (sample.group(1).contains(labels)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        return null;
    }
}
