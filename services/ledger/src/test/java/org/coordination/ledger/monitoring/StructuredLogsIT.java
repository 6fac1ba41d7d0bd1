package org.coordination.ledger.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} every line on the console is one JSON document (Elastic
 * Common Schema), the command's line among them, for a log shipper to parse without patterns; with tracing on, the
 * command's line names its trace ({@code trace.id}) and the ledger's correlation id of the events it stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"logging.structured.format.console=ecs",
        "management.tracing.enabled=true", "management.otlp.tracing.export.enabled=false"})
@AutoConfigureObservability(metrics = false, tracing = true)
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    /**
     * Spring Boot configures logging once while a context it configured is alive, so another test's cached context
     * would keep its own console format for this one (it failed so whenever a test with a cached context ran just
     * before). Cleaned up first, the logging system takes this context's ECS format.
     */
    @BeforeAll
    static void loggingConfiguredByThisContext() {
        LoggingSystem.get(StructuredLogsIT.class.getClassLoader()).cleanUp();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCommandIsOneJsonLineOnTheConsole(CapturedOutput output) throws Exception {
        int before = output.getOut().length();
        LedgerClient ledger = new LedgerClient(port);
        String traceId = "5b8aa5a2d2c872e8321cf37308d69df2";
        LedgerClient.Answer answer = ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"ecs-1\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}",
                Map.of("traceparent", "00-" + traceId + "-051581bf3cb55c13-01"));
        assertThat(answer.status()).isEqualTo(200);

        List<String> lines = output.getOut().substring(before).lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        JsonNode command = null;
        for (String line : lines) {
            JsonNode document = JSON.readTree(line); // throws if any line is not JSON
            if ("ledger.commands".equals(field(document, "log.logger"))) {
                command = document;
            }
        }
        assertThat(command).as(String.join("\n", lines)).isNotNull();
        assertThat(field(command, "log.level")).isEqualTo("INFO");
        assertThat(command.path("message").asText()).startsWith("establish-command-structure accepted: ").contains(" ecs-1 by coordinator");
        assertThat(command.path("@timestamp").asText()).isNotEmpty();
        assertThat(field(command, "trace.id")).as("the request's trace").isEqualTo(traceId);
        String correlationId = jdbc.queryForObject("SELECT convert_from(meta_data, 'UTF8')::jsonb ->> 'correlationId' FROM domain_event_entry "
                + "WHERE event_identifier = ?", String.class, answer.json().get("events").get(0).get("eventId").asText());
        assertThat(field(command, "correlationId")).as("the events' correlation id").isEqualTo(correlationId).isNotEmpty();
        assertThat(command.path("message").asText()).endsWith(", correlation " + correlationId);
    }

    /** An ECS field, written flat ("log.level") or nested ({"log":{"level":…}}) depending on Spring Boot's version. */
    private static String field(JsonNode document, String name) {
        if (document.has(name)) {
            return document.get(name).asText();
        }
        JsonNode node = document;
        for (String part : name.split("\\.")) {
            node = node.path(part);
        }
        return node.asText();
    }
}
