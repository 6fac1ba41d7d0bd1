package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Map;
import javax.sql.DataSource;
import org.coordination.ledger.readmodel.LiveReadSide;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client reads what it just wrote: the command's answer carries its position, a read given that
 * position waits until the read models have it, and every read carries the aggregate's version as
 * ETag, usable as If-Match by anyone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ledger.read-models.max-wait=1s")
class ReadYourWritesIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;

    @Test
    void aReadGivenTheCommandsPositionSeesTheCommand() {
        LedgerClient ledger = new LedgerClient(port);
        for (int i = 0; i < 20; i++) {
            String id = "ryw-" + i;
            Answer established = ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"" + id
                    + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
            assertThat(established.status()).isEqualTo(200);
            long position = established.json().get("position").asLong();
            assertThat(position).isPositive();
            // read at once, as the README's quick start does: no 404 for a structure just established
            Answer read = ledger.get("viewer", "/api/v1/command-structures/" + id + "?minPosition=" + position);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().get("name").asText()).isEqualTo("Center");
            assertThat(read.header("ETag")).isEqualTo("\"0\"");
        }
    }

    @Test
    void theETagOfAReadIsTheVersionIfMatchExpects() {
        LedgerClient ledger = new LedgerClient(port);
        ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"etag\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        Answer attached = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"etag\",\"nation\":\"USA\",\"personnel\":3}");
        String etag = ledger.get("viewer", "/api/v1/command-structures/etag?minPosition=" + attached.json().get("position").asLong())
                .header("ETag");
        assertThat(etag).isEqualTo(attached.header("ETag")).isEqualTo("\"1\"");
        // another client, who only read, changes it with If-Match; the stale ETag is then refused
        Answer withCurrent = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"etag\",\"nation\":\"USA\",\"personnel\":1}",
                Map.of("If-Match", etag));
        assertThat(withCurrent.status()).isEqualTo(200);
        Answer withStale = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"etag\",\"nation\":\"USA\",\"personnel\":1}",
                Map.of("If-Match", etag));
        assertThat(withStale.status()).isEqualTo(412);
    }

    @Test
    void aPositionTheReadModelsDoNotReachInTimeIsA503AndABadOneA400() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        Answer beyond = ledger.get("viewer", "/api/v1/alerts?minPosition=999999999");
        assertThat(beyond.status()).as("no command was answered with it: refused at once, no thread held").isEqualTo(400);
        assertThat(beyond.json().get("errors").get(0).get("field").asText()).isEqualTo("minPosition");

        Answer behind;
        // the read models held back (a transaction holding the lock each of their batches takes) past the wait
        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            held.createStatement().execute("SELECT pg_advisory_xact_lock(" + LiveReadSide.BATCH_LOCK + ")");
            Answer attached = ledger.command("coordinator", "establish-command-structure",
                    "{\"structureId\":\"held-back\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
            assertThat(attached.status()).as(attached.toString()).isEqualTo(200);
            behind = ledger.get("viewer", "/api/v1/alerts?minPosition=" + attached.json().get("position").asLong());
            held.commit();
        }
        assertThat(behind.status()).as(behind.toString()).isEqualTo(503);
        assertThat(behind.header("Retry-After")).isNotNull();
        assertThat(behind.header("Content-Type")).startsWith("application/problem+json");
        assertThat(behind.json().get("type").asText()).endsWith("read-model-behind");

        Answer bad = ledger.get("viewer", "/api/v1/alerts?minPosition=soon");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("minPosition");
    }
}
