package org.coordination.ledger.readmodel.rebuild;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.coordination.ledger.testsupport.ReadModelsToken;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.ReadModelChecksums;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live read models, far behind after their processor stood still, caught up in bulk (chunks of 97
 * events here) end in exactly the rows a rebuild from the first event makes; the processor then goes on
 * with new events. The bulk is run here while the processor is stopped: left to the coordinator's
 * once-a-second look, a running processor passes a few hundred events by itself first (when the
 * coordinator stops and starts it: {@code LiveCatchUpTest}). The coordinator looks once at the start and then only
 * hourly here: the rebuild at the end starts because it was asked of this instance, which looks at once (it would wait
 * for the next look otherwise).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.read-models.rebuild-batch-size=97", "ledger.read-models.rebuild-poll=1h"})
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
    @Autowired
    BulkReplay bulk;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    TransactionTemplate transactions;

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    @Test
    void readModelsFarBehindCatchUpInBulkToTheRowsOfARebuild() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        Walkthrough.run(port);
        int fraStaff = ledger.get("viewer", "/api/v1/command-structures/cmcc?minPosition=" + count("SELECT max(global_index) FROM domain_event_entry"))
                .json().get("staff").path("FRA").asInt();
        TrackingEventProcessor live = processing.eventProcessor("read-models", TrackingEventProcessor.class).orElseThrow();
        live.shutDown();
        long before = ReadModelsToken.position(jdbc);
        // a stretch of history the read models miss: staff coming and going, an objection that raises an
        // alert, a withdrawal that closes it
        Walkthrough.staffComingAndGoing(ledger, 150);
        ledger.command("party-isr", "object-to-contributor", "{\"registerId\":\"isf-isr\",\"nation\":\"IDN\",\"reason\":\"Incident\"}");
        // the consent policy flags the deployed pledge on its own time: withdrawn before that, it has no alert to close
        await("the policy flagged the deployed pledge").atMost(Duration.ofSeconds(30)).pollInterval(20, MILLISECONDS)
                .until(() -> count("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = 'isf-idn'"
                        + " AND payload_type LIKE '%.ContributionFlagged'"), n -> n > 0);
        ledger.command("liaison-idn", "withdraw-contribution", "{\"contributionId\":\"isf-idn\",\"reason\":\"Recalled\"}");
        assertThat(ReadModelsToken.position(jdbc)).as("the read models stood still").isEqualTo(before);
        long head = count("SELECT max(global_index) FROM domain_event_entry");
        assertThat(head - before).isGreaterThan(300);

        assertThat(bulk.catchUpLive(() -> true)).as("near the head").isTrue();
        transactions.executeWithoutResult(status -> tokenStore.releaseClaim("read-models", 0));
        assertThat(ReadModelsToken.position(jdbc)).as("the bulk folded the stretch, not the processor").isEqualTo(head);
        assertThat(count("SELECT count(*) FROM alert WHERE closed_at IS NOT NULL")).as("the alert raised and closed").isPositive();

        live.start();
        assertThat(ledger.get("viewer", "/api/v1/command-structures/cmcc").json().get("staff").path("FRA").asInt())
                .as("150 times two attached and one detached").isEqualTo(fraStaff + 150);
        Map<String, String> caughtUp = ReadModelChecksums.of(jdbc);

        ledger.rebuildAll();
        assertThat(ReadModelChecksums.of(jdbc)).as("a rebuild from the first event").isEqualTo(caughtUp);

        ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"GRC\",\"personnel\":3}");
        ledger.await("viewer", "/api/v1/command-structures/cmcc", s -> s.get("staff").path("GRC").asInt() == 8);
    }
}
