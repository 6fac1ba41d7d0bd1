package org.coordination.ledger.audit;

import static org.awaitility.Awaitility.await;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.ReadModelChecksums;
import org.coordination.ledger.testsupport.ReadModelsToken;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A rebuild of every read model from the first event ends in exactly the rows the live processor
 * built, table by table, while reads go on being answered. In chunks of 97 events, so that the bulk
 * replay reads many chunks (each while the one before is written) and hands over to the shadow
 * processor, which also runs batches of that size.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ledger.read-models.rebuild-batch-size=97")
class ReplayIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    Map<String, String> checksums() {
        return ReadModelChecksums.of(jdbc);
    }

    @Test
    void aRebuildOfAllReadModelsEndsInTheSameRowsAsTheLiveOnes() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        Walkthrough.run(port);
        // more history: staff coming and going, a withdrawal that closes alerts, a successor
        Walkthrough.staffComingAndGoing(ledger, 150);
        ledger.command("party-isr", "object-to-contributor", "{\"registerId\":\"isf-isr\",\"nation\":\"IDN\",\"reason\":\"Incident\"}");
        // IDN is deployed: the consent policy raises an alert rather than blocking
        ledger.await("viewer", "/api/v1/alerts", alerts -> alerts.size() == 1);
        ledger.command("liaison-idn", "withdraw-contribution", "{\"contributionId\":\"isf-idn\",\"reason\":\"Recalled\"}");
        await("the read models caught up").atMost(Duration.ofSeconds(30)).pollInterval(25, MILLISECONDS).until(
                () -> ReadModelsToken.hasEveryEvent(jdbc));
        record Counts(long closedAlerts, long readModelsPosition, boolean caughtUp) {
        }
        await("the withdrawal closed the alert, and the read models stay caught up for half a second")
                .atMost(Duration.ofSeconds(60)).pollInterval(25, MILLISECONDS).during(500, MILLISECONDS)
                .until(() -> new Counts(jdbc.queryForObject("SELECT count(*) FROM alert WHERE closed_at IS NOT NULL", Long.class),
                                ReadModelsToken.position(jdbc), ReadModelsToken.hasEveryEvent(jdbc)),
                        counts -> counts.closedAlerts() > 0 && counts.caughtUp());
        long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        Map<String, String> live = checksums();
        List<Map<String, Object>> indexes = indexes();

        for (int rebuild = 1; rebuild <= 2; rebuild++) { // the second starts from the tables the first put in place
            rebuildAll(ledger, events);
            assertThat(checksums()).as("after rebuild %d", rebuild).isEqualTo(live);
            assertThat(indexes()).as("the live tables keep their indexes and their names, after rebuild %d", rebuild)
                    .isEqualTo(indexes);
        }
        assertThat(jdbc.queryForList("SELECT tablename FROM pg_tables WHERE tablename LIKE '%\\_rebuild'", String.class))
                .as("no shadow table is left").isEmpty();

        // and the live processor carries on from where it was
        ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"GRC\",\"personnel\":3}");
        ledger.await("viewer", "/api/v1/command-structures/cmcc", s -> s.get("staff").path("GRC").asInt() == 8);

        assertThat(ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/replays"))
                .header("Authorization", LedgerClient.basic("auditor")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"nonsense\"]}")).build()).status()).isEqualTo(400);
        // the timeline is written with each event by the store, not folded: asked for, a rebuild says so and starts nothing
        long jobs = jdbc.queryForObject("SELECT count(*) FROM read_model_rebuild_job", Long.class);
        LedgerClient.Answer timeline = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/replays"))
                .header("Authorization", LedgerClient.basic("auditor")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"timeline\"]}")).build());
        assertThat(timeline.status()).as(timeline.toString()).isEqualTo(400);
        assertThat(timeline.json().path("detail").asText()).contains("projections").contains("written with each event");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM read_model_rebuild_job", Long.class)).as("no job started").isEqualTo(jobs);
        assertThat(ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/replays"))
                .header("Authorization", LedgerClient.basic("viewer")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"all\"]}")).build()).status()).isEqualTo(403);
    }

    private List<Map<String, Object>> indexes() {
        return jdbc.queryForList("SELECT tablename, indexname, indexdef FROM pg_indexes "
                + "WHERE tablename IN ('read_model', 'alert', 'post_tenure_event') ORDER BY tablename, indexname");
    }

    private void rebuildAll(LedgerClient ledger, long events) throws Exception {
        LedgerClient.Answer started = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/replays"))
                .header("Authorization", LedgerClient.basic("auditor")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"all\"]}")).build());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location");
        assertThat(started.json().get("state").asText()).isIn("RUNNING", "SWITCHING", "COMPLETED");
        JsonNode progress = await("the rebuild completed").atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(20, MILLISECONDS)
                .until(() -> {
                    // the service keeps answering from the live tables meanwhile
                    assertThat(ledger.get("viewer", "/api/v1/forces/isf/roster").status()).isEqualTo(200);
                    return ledger.get("auditor", location).json();
                }, now -> {
                    assertThat(now.get("state").asText()).isIn("RUNNING", "SWITCHING", "COMPLETED");
                    return now.get("state").asText().equals("COMPLETED");
                });
        assertThat(progress.get("eventsDone").asLong()).isEqualTo(events);
        assertThat(progress.get("eventsTotal").asLong()).isEqualTo(events);
        // every document kind, the alerts and the tenures; not the timeline, which the store writes with each event
        assertThat(progress.get("projections")).extracting(com.fasterxml.jackson.databind.JsonNode::asText).containsExactly("command-structure",
                "consent-register", "force", "humanitarian-coalition", "mandate", "pledge", "alerts", "tenures");
    }
}
