package org.coordination.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.coordination.ledger.eventstore.DeadLetterTable;
import org.coordination.ledger.readmodel.LiveReadSide;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A poison event does not stop the read models: it is parked in the dead-letter queue, the processor
 * goes on, an auditor sees why, and once the cause is fixed a retry applies it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadLetterIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;

    @Test
    void aPoisonEventIsParkedInspectedAndRetried() {
        LedgerClient ledger = new LedgerClient(port);
        ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        ledger.await("viewer", "/api/v1/command-structures/cmcc", s -> true);
        String healthy = jdbc.queryForObject("SELECT document::text FROM read_model WHERE model = 'command-structure' AND id = 'cmcc'", String.class);

        // the stored document is damaged, so folding the next event into it fails
        jdbc.update("UPDATE read_model SET document = '{\"posts\": 5}'::jsonb WHERE model = 'command-structure' AND id = 'cmcc'");
        assertThat(ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":200}").status())
                .as("the command itself is unaffected").isEqualTo(200);

        JsonNode parked = ledger.await("auditor", "/api/v1/audit/dead-letters", letters -> letters.size() == 1);
        assertThat(jdbc.queryForList("SELECT event_identifier FROM " + DeadLetterTable.JDBC, String.class))
                .as("parked by Axon's JDBC queue, in its table").containsExactly(parked.get(0).get("eventId").asText());
        assertThat(Instant.parse(parked.get(0).get("enqueuedAt").asText())).as("its time, stored as text, read back")
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
        assertThat(parked.get(0).get("aggregateId").asText()).isEqualTo("cmcc");
        assertThat(parked.get(0).get("aggregateType").asText()).as("the kind of its stream").isEqualTo("CommandStructure");
        assertThat(parked.get(0).get("type").asText()).isEqualTo("StaffAttached");
        assertThat(parked.get(0).get("causeType").asText()).isNotBlank();

        // the processor goes on with everything else
        ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"other\",\"name\":\"Other\",\"leadNation\":\"USA\",\"location\":\"Elsewhere\"}");
        ledger.await("viewer", "/api/v1/command-structures/other", s -> s.get("name").asText().equals("Other"));

        // retrying before the cause is fixed leaves it parked
        JsonNode failedRetry = ledger.raw(java.net.http.HttpRequest.newBuilder(ledger.uri("/api/v1/audit/dead-letters/retry"))
                .header("Authorization", LedgerClient.basic("auditor")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).json();
        assertThat(failedRetry.get("stillParked").asInt()).isEqualTo(1);

        jdbc.update("UPDATE read_model SET document = ?::jsonb WHERE model = 'command-structure' AND id = 'cmcc'", healthy);
        JsonNode retry = ledger.raw(java.net.http.HttpRequest.newBuilder(ledger.uri("/api/v1/audit/dead-letters/retry"))
                .header("Authorization", LedgerClient.basic("auditor")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).json();
        assertThat(retry.get("stillParked").asInt()).isZero();
        assertThat(ledger.get("auditor", "/api/v1/audit/dead-letters").json()).isEmpty();
        assertThat(ledger.get("viewer", "/api/v1/command-structures/cmcc").json().get("staffTotal").asInt()).isEqualTo(200);
    }

    /**
     * A retry folds on a request thread, beside the processor: the two would each read a document, fold into it and write
     * it, the later one dropping the other's fold (a force's document, say, which many pledges' streams fold into). Every
     * batch of the live read side, the processor's and a retry's, takes one advisory lock first, so while one is open
     * (here a transaction holding that lock) neither the processor's next batch nor a retry folds, and once it ends both do.
     */
    @Test
    void aRetryAndTheProcessorFoldOneAfterTheOther() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        for (String id : List.of("hub", "spoke")) {
            ledger.command("coordinator", "establish-command-structure",
                    "{\"structureId\":\"" + id + "\",\"name\":\"Hub\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
            ledger.await("viewer", "/api/v1/command-structures/" + id, s -> true);
        }
        String healthy = document("hub");
        jdbc.update("UPDATE read_model SET document = '{\"posts\": 5}'::jsonb WHERE model = 'command-structure' AND id = 'hub'");
        ledger.command("coordinator", "attach-staff", "{\"structureId\":\"hub\",\"nation\":\"USA\",\"personnel\":200}");
        ledger.await("auditor", "/api/v1/audit/dead-letters", letters -> letters.size() == 1);
        jdbc.update("UPDATE read_model SET document = ?::jsonb WHERE model = 'command-structure' AND id = 'hub'", healthy);
        String spoke = document("spoke");

        try (Connection held = dataSource.getConnection()) {
            held.setAutoCommit(false);
            held.createStatement().execute("SELECT pg_advisory_xact_lock(" + LiveReadSide.BATCH_LOCK + ")");
            ExecutorService auditor = Executors.newSingleThreadExecutor();
            try {
                Future<JsonNode> retried = auditor.submit(() -> ledger.raw(java.net.http.HttpRequest.newBuilder(
                        ledger.uri("/api/v1/audit/dead-letters/retry")).header("Authorization", LedgerClient.basic("auditor"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).json());
                assertThat(ledger.command("coordinator", "attach-staff", "{\"structureId\":\"spoke\",\"nation\":\"GBR\",\"personnel\":30}")
                        .status()).isEqualTo(200);
                Thread.sleep(1_000);
                assertThat(retried).as("the retry waits for the batch in progress").isNotDone();
                assertThat(document("spoke")).as("and so does the processor's next batch").isEqualTo(spoke);
                held.commit();
                assertThat(retried.get(30, TimeUnit.SECONDS).get("stillParked").asInt()).isZero();
            } finally {
                auditor.shutdownNow();
            }
        }
        ledger.await("viewer", "/api/v1/command-structures/spoke", s -> s.get("staffTotal").asInt() == 30);
        assertThat(ledger.get("viewer", "/api/v1/command-structures/hub").json().get("staffTotal").asInt()).isEqualTo(200);
    }

    /**
     * With the JDBC engine nothing runs through JPA: no entity manager factory is made, and the transaction manager of
     * every transaction is Spring's JDBC one, not a JPA one opening a Hibernate session for each (change 77).
     */
    @Test
    void theJdbcEngineRunsWithoutJpa(@Autowired ApplicationContext context, @Autowired PlatformTransactionManager transactions) {
        assertThat(context.getBeanNamesForType(EntityManagerFactory.class)).isEmpty();
        assertThat(transactions).isInstanceOf(JdbcTransactionManager.class);
    }

    private String document(String structureId) {
        return jdbc.queryForObject("SELECT document::text FROM read_model WHERE model = 'command-structure' AND id = ?", String.class,
                structureId);
    }
}
