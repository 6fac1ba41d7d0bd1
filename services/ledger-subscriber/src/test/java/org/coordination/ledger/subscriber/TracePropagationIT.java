package org.coordination.ledger.subscriber;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.coordination.ledger.subscriber.Processes.awaitUp;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One trace across both services: a client's request to the ledger (its real jar, tracing on, nothing exported)
 * names a trace in its {@code traceparent}; the ledger continues it through the command and its publisher, and puts
 * its publisher's span on the Kafka record; this subscriber (tracing on, spans caught in memory) applies the record
 * in a span of the same trace, a child of the ledger's publisher span.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.tracing.enabled=true")
@AutoConfigureObservability(metrics = false, tracing = true)
class TracePropagationIT {

    static final EmbeddedKafkaKraftBroker BROKER = StreamsPerKindIT.broker();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static Process ledger;
    static int ledgerPort;

    @TestConfiguration
    static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpans() {
            return InMemorySpanExporter.create();
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "trace-subscriber-pg-");
        registry.add("subscriber.embedded-postgres.data-directory", data::toString);
        registry.add("subscriber.embedded-postgres.port", () -> "0");
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("management.otlp.tracing.export.enabled", () -> "false");
    }

    @BeforeAll
    static void startTheLedger() throws Exception {
        ledgerPort = StreamsPerKindIT.freePort();
        ledger = Processes.startLedger(ledgerPort, BROKER.getBrokersAsString(), "trace",
                Map.of("LEDGER_TRACING_ENABLED", "true", "LEDGER_OTLP_EXPORT", "false"));
        awaitUp(ledgerPort);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        Processes.stopGracefully(ledger);
        BROKER.destroy();
    }

    @Autowired
    InMemorySpanExporter spans;

    Optional<SpanData> applied() {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(TRACE_ID) && span.getName().equals("ledger-subscriber apply CommandStructureEstablished.v1"))
                .findFirst();
    }

    @Test
    void theSubscriberAppliesTheRecordInTheTraceOfTheRequestThatStoredIt() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledgerPort
                        + "/api/v1/commands/establish-command-structure"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("coordinator:coordinator".getBytes()))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"structureId\":\"traced\",\"name\":\"Traced\",\"leadNation\":\"USA\",\"location\":\"L\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        await("the subscriber's span in the request's trace").atMost(60, SECONDS).pollInterval(200, MILLISECONDS)
                .until(() -> applied().isPresent());
        SpanData span = applied().orElseThrow();
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getParentSpanContext().isRemote()).as("its parent is the ledger's span, from the record's header").isTrue();
        assertThat(span.getParentSpanId()).as("not the client's span: the ledger's publisher span in between").isNotEqualTo("b7ad6b7169203331");
        List<SpanData> unrelated = spans.getFinishedSpanItems().stream()
                .filter(other -> other.getName().startsWith("ledger-subscriber apply") && !other.getTraceId().equals(TRACE_ID)).toList();
        assertThat(unrelated).as("no record applied in a trace of its own: the one command's record continues its trace").isEmpty();
    }
}
