package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.coordination.ledger.security.Role;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.coordination.ledger.web.CommandCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The published contract: every command documented with an example body that the service itself accepts as valid. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDocumentationIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    static String userFor(CommandCatalog.Entry entry, JsonNode example) {
        if (entry.roles().contains(Role.REGISTRAR)) {
            return "registrar";
        }
        if (entry.roles().contains(Role.COORDINATOR)) {
            return "coordinator";
        }
        if (entry.roles().contains(Role.LIAISON)) {
            return "liaison-" + (example.has("nation") ? example.get("nation").asText().toLowerCase() : "idn");
        }
        return "party-isr";
    }

    @Test
    void everyCommandIsDocumentedWithAnExampleTheServiceAccepts() {
        LedgerClient ledger = new LedgerClient(port);
        JsonNode docs = ledger.get(null, "/v3/api-docs").json();
        List<String> problems = new ArrayList<>();
        for (CommandCatalog.Entry entry : CommandCatalog.all()) {
            JsonNode post = docs.path("paths").path("/api/v1/commands/" + entry.name()).path("post");
            JsonNode example = post.path("requestBody").path("content").path("application/json").path("examples").path(entry.name()).path("value");
            if (example.isMissingNode()) {
                problems.add(entry.name() + ": no documented example");
                continue;
            }
            assertThat(post.path("responses").has("422")).as(entry.name()).isTrue();
            // valid by construction: whatever the ledger's state, the example is never refused as malformed
            Answer answer = ledger.command(userFor(entry, example), entry.name(), example.toString());
            if (answer.status() == 400 || answer.status() >= 500 || answer.status() == 401 || answer.status() == 403) {
                problems.add(entry.name() + " → " + answer);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(ledger.get(null, "/swagger-ui/index.html").status()).isEqualTo(200);
    }

    /** The reader refuses a body without a count or a version ("must be an integer"): the schemas say they are required. */
    @Test
    void aCommandsPrimitiveFieldsAreRequiredInItsSchema() {
        JsonNode schemas = new LedgerClient(port).get(null, "/v3/api-docs").json().path("components").path("schemas");
        List<String> optional = new ArrayList<>();
        for (CommandCatalog.Entry entry : CommandCatalog.all()) {
            for (java.lang.reflect.RecordComponent component : entry.type().getRecordComponents()) {
                if (component.getType().isPrimitive() && !schemas.path(entry.type().getSimpleName()).path("required").toString()
                        .contains("\"" + component.getName() + "\"")) {
                    optional.add(entry.type().getSimpleName() + "." + component.getName());
                }
            }
        }
        assertThat(optional).isEmpty();
        assertThat(schemas.path("AttachStaff").path("required").toString()).contains("\"personnel\"");
        assertThat(schemas.path("ContributedUnit").path("required").toString()).as("in a record a command holds").contains("\"personnel\"");
    }
}
