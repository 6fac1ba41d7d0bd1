package org.coordination.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.coordination.ledger.testsupport.ReadModelsToken;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.JarRun;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.ReadModelChecksums;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances on one database: this test's application, which runs the read-models processor (it
 * started first and holds the token), and the real jar beside it, which does not. A rebuild asked of the
 * jar is carried out here, by the owner; its progress reads the same on both; the jar never pauses or
 * writes the read models; and the read models end equal to the live ones. Then a poison event the read models
 * park here is listed by the jar, and retried from it once its cause is fixed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReplayOnAnotherInstanceIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.registerServer(registry);
    }

    static final String THIS_NODE = ManagementFactory.getRuntimeMXBean().getName();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Environment environment;

    @Test
    void aReplayAskedOfAnInstanceThatDoesNotRunTheReadModelsIsCarriedOutByTheOneThatDoes() throws Exception {
        LedgerClient here = new LedgerClient(port);
        Walkthrough.run(port);
        long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
        org.awaitility.Awaitility.await("the read models caught up").atMost(Duration.ofSeconds(60))
                .until(() -> ReadModelsToken.hasEveryEvent(jdbc));
        assertThat(liveOwner()).as("this instance runs the read models").isEqualTo(THIS_NODE);
        Map<String, String> live = ReadModelChecksums.of(jdbc);

        Map<String, String> env = Map.of("LEDGER_DB_URL", environment.getRequiredProperty("LEDGER_DB_URL"), "LEDGER_DB_USER", "postgres",
                "LEDGER_DB_PASSWORD", "", "LEDGER_DB_POOL_SIZE", "5");
        int otherPort = JarRun.freePort();
        try (JarRun jar = JarRun.start(JarRun.ledgerJar(), env, Path.of("target", "replay-on-another-instance", "other.log"), otherPort)) {
            jar.awaitHealthy(Duration.ofSeconds(120));
            LedgerClient other = new LedgerClient(otherPort);

            LedgerClient.Answer started = other.raw(HttpRequest.newBuilder(other.uri("/api/v1/audit/replays"))
                    .header("Authorization", LedgerClient.basic("auditor")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"all\"]}")).build());
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            String location = started.header("Location");
            // a second request, to either instance, while it runs: one rebuild at a time, ledger-wide
            assertThat(here.raw(HttpRequest.newBuilder(here.uri("/api/v1/audit/replays"))
                    .header("Authorization", LedgerClient.basic("auditor")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"all\"]}")).build()).status()).isEqualTo(409);

            // a loop, not Awaitility: every state seen on the way is checked, and reads keep being served meanwhile
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            JsonNode progress = started.json();
            while (!progress.get("state").asText().equals("COMPLETED")) {
                assertThat(progress.get("state").asText()).as(progress.toString()).isIn("RUNNING", "SWITCHING");
                assertThat(System.nanoTime()).as("rebuild finished: " + progress).isLessThan(deadline);
                assertThat(other.get("viewer", "/api/v1/forces/isf/roster").status()).isEqualTo(200);
                Thread.sleep(50);
                progress = other.get("auditor", location).json();
            }
            assertThat(progress.get("eventsDone").asLong()).isEqualTo(events);
            assertThat(progress.get("eventsTotal").asLong()).isEqualTo(events);
            assertThat(here.get("auditor", location).json()).as("the same progress from either instance").isEqualTo(progress);

            assertThat(jdbc.queryForObject("SELECT carried_out_by FROM read_model_rebuild_job WHERE job_id = ?", String.class,
                    progress.get("replayId").asText())).as("carried out by the owner of the read-models processor").isEqualTo(THIS_NODE);
            assertThat(liveOwner()).as("the read models stay where they ran").isEqualTo(THIS_NODE);
            assertThat(ReadModelChecksums.of(jdbc)).isEqualTo(live);
            assertThat(jar.output()).doesNotContain("Rebuild " + progress.get("replayId").asText() + " completed");

            // the live processor carries on from the rebuilt position, and both instances read it
            other.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"GRC\",\"personnel\":3}");
            org.awaitility.Awaitility.await("the next command in the read models").atMost(Duration.ofSeconds(30))
                    .until(() -> ReadModelsToken.hasEveryEvent(jdbc));
            assertThat(ledgerStaff(other)).isEqualTo(ledgerStaff(here));

            // a poison event parked by the read models (which run here) is seen and retried from the other instance
            String healthy = jdbc.queryForObject("SELECT document::text FROM read_model WHERE model = 'command-structure' AND id = 'cmcc'",
                    String.class);
            int greekStaff = ledgerStaff(here).path("GRC").asInt();
            jdbc.update("UPDATE read_model SET document = '{\"posts\": 5}'::jsonb WHERE model = 'command-structure' AND id = 'cmcc'");
            assertThat(here.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"GRC\",\"personnel\":4}")
                    .status()).isEqualTo(200);
            JsonNode parked = other.await("auditor", "/api/v1/audit/dead-letters", letters -> letters.size() == 1);
            assertThat(parked.get(0).get("type").asText()).isEqualTo("StaffAttached");
            jdbc.update("UPDATE read_model SET document = ?::jsonb WHERE model = 'command-structure' AND id = 'cmcc'", healthy);
            JsonNode retried = other.raw(HttpRequest.newBuilder(other.uri("/api/v1/audit/dead-letters/retry"))
                    .header("Authorization", LedgerClient.basic("auditor")).POST(HttpRequest.BodyPublishers.noBody()).build()).json();
            assertThat(retried.get("stillParked").asInt()).as(retried.toString()).isZero();
            assertThat(here.get("auditor", "/api/v1/audit/dead-letters").json()).as("gone for every instance").isEmpty();
            assertThat(ledgerStaff(here).path("GRC").asInt()).as("the retried event folded in").isEqualTo(greekStaff + 4);
            assertThat(ledgerStaff(other)).as("read the same from both").isEqualTo(ledgerStaff(here));
            assertThat(liveOwner()).as("the read models still run here").isEqualTo(THIS_NODE);
        }
    }

    private String liveOwner() {
        return jdbc.queryForObject("SELECT owner FROM token_entry WHERE processor_name = 'read-models' AND segment = 0", String.class);
    }

    private static JsonNode ledgerStaff(LedgerClient ledger) throws Exception {
        return ledger.get("viewer", "/api/v1/command-structures/cmcc").json().get("staff");
    }

}
