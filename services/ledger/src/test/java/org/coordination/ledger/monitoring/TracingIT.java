package org.coordination.ledger.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.coordination.ledger.publishing.KafkaPublishingIT;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With tracing on, one command is one trace: the HTTP request (continuing the client's {@code traceparent}), the
 * command's handling on the group-commit writer's thread, the append, every processor's handling of its event on
 * their own threads, and the Kafka record, whose {@code traceparent} header names the publisher's span in it. The
 * stored event carries the trace context and the correlation id; the spans carry the correlation id; the command's
 * log line carries both. Spans are caught by an in-memory exporter in place of OTLP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.tracing.enabled=true", "management.otlp.tracing.export.enabled=false"})
@AutoConfigureObservability(metrics = false, tracing = true)
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

    static final EmbeddedKafkaKraftBroker BROKER = KafkaPublishingIT.start();
    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void stop() {
        BROKER.destroy();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        KafkaPublishingIT.register(registry, BROKER);
    }

    @TestConfiguration
    static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpans() {
            return InMemorySpanExporter.create();
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    InMemorySpanExporter spans;

    List<SpanData> traced() {
        return spans.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(TRACE_ID)).toList();
    }

    @Test
    void oneCommandIsOneTraceFromTheRequestThroughEveryProcessorToTheKafkaRecord(CapturedOutput output) throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        LedgerClient.Answer answer = ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"traced\",\"name\":\"Traced center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}",
                Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        String eventId = answer.json().get("events").get(0).get("eventId").asText();

        JsonNode metadata = JSON.readTree(jdbc.queryForObject("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                + "WHERE event_identifier = ?", String.class, eventId));
        assertThat(metadata.path("traceparent").asText()).as("the event carries the trace context").contains(TRACE_ID);
        String correlationId = metadata.path("correlationId").asText();
        assertThat(correlationId).isNotBlank();

        // the processors handle the event on their threads, later: each in the same trace (the read models' projector
        // and the Kafka publisher; the policies' sagas do not handle this event)
        List<String> handlers = List.of("ReadModelProjector.on", "LedgerEventPublisher.on");
        await("every processor's span in the request's trace").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> handlers.stream().allMatch(handler -> traced().stream().anyMatch(span -> span.getName().startsWith(handler))));
        List<SpanData> trace = traced();
        System.out.println("TRACE " + trace.stream().map(span -> span.getName() + " [" + span.getKind() + "]").sorted().toList());
        assertThat(trace.stream().filter(span -> span.getName().startsWith("StreamingEventProcessor.process")).count())
                .as("a span per processor that handled the event").isGreaterThanOrEqualTo(2);

        SpanData server = trace.stream().filter(span -> span.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(server.getParentSpanId()).as("the client's span is the request's parent").isEqualTo("00f067aa0ba902b7");
        assertThat(trace).as("the command handled, on the group-commit writer's thread, in the request's trace")
                .anyMatch(span -> span.getName().contains("handleCommand"));
        assertThat(trace).as("the events appended").anyMatch(span -> span.getName().contains("commitEvents"));
        assertThat(trace).as("the correlation id on the command's spans")
                .anyMatch(span -> correlationId.equals(span.getAttributes().asMap().entrySet().stream()
                        .filter(e -> e.getKey().getKey().equals(CorrelationIdSpanAttribute.ATTRIBUTE))
                        .map(e -> String.valueOf(e.getValue())).findFirst().orElse(null)));

        // the Kafka record continues the trace from the publisher's span for the event
        List<ConsumerRecord<String, byte[]>> records = KafkaPublishingIT.consume(BROKER.getBrokersAsString(), 1, Duration.ofSeconds(30));
        ConsumerRecord<String, byte[]> record = records.stream().filter(r -> eventId.equals(KafkaPublishingIT.header(r, "ce_id")))
                .findFirst().orElseThrow();
        String traceparent = KafkaPublishingIT.header(record, "traceparent");
        assertThat(traceparent).startsWith("00-" + TRACE_ID + "-");
        String publisherSpan = traceparent.split("-")[2];
        assertThat(trace).as("the header names the publisher's span for the event")
                .anyMatch(span -> span.getSpanId().equals(publisherSpan) && span.getName().startsWith("LedgerEventPublisher.on"));

        // the command's log line: the trace id (Boot's correlation pattern) and the ledger's correlation id
        // (as plain text or JSON: an earlier test in this JVM may have left the console's format structured)
        assertThat(output.getOut().lines().filter(line -> line.contains("establish-command-structure accepted: CommandStructure traced")))
                .singleElement().asString().contains(TRACE_ID, "correlation " + correlationId);
    }
}
