package org.coordination.ledger.audit;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.ReadModelChecksums;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live read models, far behind after their processor stood still, catch up in bulk (chunks of 97
 * events here, beyond a lag of 50) and end in exactly the rows a rebuild from the first event makes;
 * the processor then goes on with new events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.read-models.rebuild-batch-size=97", "ledger.read-models.bulk-catch-up-lag=50",
                // the coordinator looks every 20 ms, and the processor, once started, passes five events a
                // transaction: it is still far behind when the coordinator first looks
                "ledger.read-models.rebuild-poll=20ms", "ledger.processors.batch-size=5"})
@ExtendWith(OutputCaptureExtension.class)
class CatchUpIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    @Test
    void readModelsFarBehindCatchUpInBulkToTheRowsOfARebuild(CapturedOutput output) throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        Walkthrough.run(port);
        int fraStaff = ledger.get("viewer", "/api/v1/command-structures/cmcc?minPosition=" + count("SELECT max(global_index) FROM domain_event_entry"))
                .json().get("staff").path("FRA").asInt();
        TrackingEventProcessor live = processing.eventProcessor("read-models", TrackingEventProcessor.class).orElseThrow();
        live.shutDown();
        long before = count("SELECT count(*) FROM timeline_entry");
        // a stretch of history the read models miss: staff coming and going, an objection that raises an
        // alert, a withdrawal that closes it
        for (int i = 0; i < 150; i++) {
            ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":2}");
            ledger.command("coordinator", "detach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":1}");
        }
        ledger.command("party-isr", "object-to-contributor", "{\"registerId\":\"isf-isr\",\"nation\":\"IDN\",\"reason\":\"Incident\"}");
        ledger.command("liaison-idn", "withdraw-contribution", "{\"contributionId\":\"isf-idn\",\"reason\":\"Recalled\"}");
        assertThat(count("SELECT count(*) FROM timeline_entry")).as("the read models stood still").isEqualTo(before);
        long events = count("SELECT count(*) FROM domain_event_entry");
        assertThat(events - before).isGreaterThan(300);

        live.start();
        await("the read models caught up").atMost(Duration.ofSeconds(60)).pollInterval(25, MILLISECONDS)
                .until(() -> count("SELECT count(*) FROM timeline_entry") == count("SELECT count(*) FROM domain_event_entry")
                        && count("SELECT count(*) FROM alert WHERE closed_at IS NOT NULL") > 0);
        assertThat(output.getOut()).as("the bulk folded the stretch, not the processor").containsPattern(
                "Bulk replay: \\d+ events folded for read-models").contains("Caught up in bulk");
        assertThat(ledger.get("viewer", "/api/v1/command-structures/cmcc").json().get("staff").path("FRA").asInt())
                .as("150 times two attached and one detached").isEqualTo(fraStaff + 150);
        Map<String, String> caughtUp = ReadModelChecksums.of(jdbc);

        rebuildAll(ledger);
        assertThat(ReadModelChecksums.of(jdbc)).as("a rebuild from the first event").isEqualTo(caughtUp);

        ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"GRC\",\"personnel\":3}");
        ledger.await("viewer", "/api/v1/command-structures/cmcc", s -> s.get("staff").path("GRC").asInt() == 8);
    }

    private void rebuildAll(LedgerClient ledger) throws Exception {
        LedgerClient.Answer started = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/replays"))
                .header("Authorization", LedgerClient.basic("auditor")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"projections\":[\"all\"]}")).build());
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        String location = started.header("Location");
        await("the rebuild completed").atMost(Duration.ofSeconds(120)).pollInterval(20, MILLISECONDS)
                .until(() -> ledger.get("auditor", location).json().get("state").asText(), "COMPLETED"::equals);
    }
}
