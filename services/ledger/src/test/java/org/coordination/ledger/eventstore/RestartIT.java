package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.coordination.ledger.LedgerApplication;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.structure.AppointLead;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.EstablishCommandStructure;
import org.coordination.ledger.contract.structure.EstablishPost;
import org.coordination.ledger.contract.structure.ServiceLine;
import org.coordination.ledger.rules.RuleViolation;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The zero-setup default as a user meets it: the service starts on its embedded PostgreSQL, answers
 * health over HTTP, is stopped, started again on the same data directory, and still holds every event.
 */
class RestartIT {

    static final Nation USA = Nation.of("USA");
    static final StructureId CMCC = StructureId.of("cmcc");
    static final PostId CIVILIAN_LEAD = PostId.of("civilian-lead");
    static final Appointee AMBASSADOR = new Appointee("Steven Fagin", "Ambassador", USA, "Department of State", ServiceLine.CIVILIAN);

    private final Path dataDirectory = EmbeddedLedgerDatabase.freshDataDirectory();

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.embedded-postgres.port=0",
                "--ledger.embedded-postgres.data-directory=" + dataDirectory);
    }

    static String health(ConfigurableApplicationContext context) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                // the details (the publisher's state) are for operators; the status is public
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                        .header("Authorization", org.coordination.ledger.testsupport.LedgerClient.basic("operator")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void theLedgerKeepsEveryEventAcrossARestart() throws Exception {
        long eventsBefore;
        try (ConfigurableApplicationContext first = start()) {
            assertThat(health(first)).contains("\"status\":\"UP\"");
            assertThat(health(first)).as("without LEDGER_KAFKA_BOOTSTRAP_SERVERS").contains("\"state\":\"DISABLED\"");
            CommandGateway commands = first.getBean(CommandGateway.class);
            commands.sendAndWait(new EstablishCommandStructure(CMCC, "Civil-Military Coordination Center", USA, "Kiryat Gat"));
            commands.sendAndWait(new EstablishPost(CMCC, CIVILIAN_LEAD, "Civilian lead", ServiceLine.CIVILIAN, null,
                    "Secretary of State", null, null));
            commands.sendAndWait(new AppointLead(CMCC, CIVILIAN_LEAD, AMBASSADOR, "Secretary of State", null));
            eventsBefore = first.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        }
        assertThat(eventsBefore).isEqualTo(3);

        try (ConfigurableApplicationContext second = start()) {
            assertThat(health(second)).contains("\"status\":\"UP\"");
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class)).isEqualTo(eventsBefore);
            // the restarted service rebuilds the structure from its events: the ambassador still holds the post
            assertThatThrownBy(() -> second.getBean(CommandGateway.class)
                    .sendAndWait(new AppointLead(CMCC, CIVILIAN_LEAD, AMBASSADOR, "Secretary of State", null)))
                    .isInstanceOf(RuleViolation.class)
                    .extracting(e -> ((RuleViolation) e).rule()).isEqualTo("APPOINTEE_ALREADY_HOLDS_POST");
        }
    }
}
