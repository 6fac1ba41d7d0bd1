package org.coordination.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The event table is tampered with directly through JDBC, behind the service's back, in each way an
 * insider could: edit, delete (in the middle, at the end, a whole stream), reorder, insert. Each is
 * detected and named; a clean ledger verifies; a kept digest catches what the chains alone cannot.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class TamperEvidenceIT {

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
    @Autowired
    EmbeddedPostgres postgres;
    LedgerClient ledger;

    @BeforeEach
    void fourStreamsOfFiveEvents() {
        ledger = new LedgerClient(port);
        for (String id : List.of("center-a", "center-b", "center-c", "center-d", "center-e")) {
            assertThat(ledger.command("coordinator", "establish-command-structure",
                    "{\"structureId\":\"" + id + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
            for (int i = 0; i < 4; i++) {
                assertThat(ledger.command("coordinator", "attach-staff",
                        "{\"structureId\":\"" + id + "\",\"nation\":\"CYP\",\"personnel\":1}").status()).isEqualTo(200);
            }
        }
    }

    JsonNode verify(String query) {
        LedgerClient.Answer answer = ledger.get("auditor", "/api/v1/audit/verify" + query);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    /** The break of the command structure {@code aggregateId} (every stream here is one): a stream is named by kind and id. */
    static JsonNode breakOf(JsonNode report, String aggregateId) {
        return StreamSupport.stream(report.get("breaks").spliterator(), false)
                .filter(b -> aggregateId.equals(b.path("aggregateId").asText(null)) && "CommandStructure".equals(b.path("aggregateType").asText(null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no break reported for CommandStructure " + aggregateId + ": " + report));
    }

    @Test
    void aCleanLedgerVerifiesAndEveryEventCarriesItsChain() {
        JsonNode report = verify("");
        assertThat(report.get("intact").asBoolean()).isTrue();
        assertThat(report.get("eventsChecked").asLong()).isEqualTo(25);
        JsonNode stream = ledger.get("auditor", "/api/v1/audit/aggregates/CommandStructure/center-a/events").json().get("events");
        assertThat(stream).hasSize(5);
        assertThat(ledger.get("auditor", "/api/v1/audit/aggregates/center-a/events").json().get("events"))
                .as("the only kind under the id").isEqualTo(stream);
        assertThat(stream.get(0).get("previousHash")).isNull();
        assertThat(stream.get(1).get("previousHash").asText()).isEqualTo(stream.get(0).get("hash").asText());
        assertThat(stream.get(1).get("metadata").get("principal").asText()).isEqualTo("coordinator");
        assertThat(ledger.get("viewer", "/api/v1/audit/verify").status()).as("auditors only").isEqualTo(403);
    }

    @Test
    void everyWayOfTamperingIsDetectedAndTheFirstBrokenEventOfEachStreamNamed() {
        // edit: a payload changed in place
        jdbc.update("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '\"personnel\":1', "
                + "'\"personnel\":9'), 'UTF8') WHERE aggregate_identifier = 'center-a' AND sequence_number = 2");
        // delete in the middle
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = 'center-b' AND sequence_number = 1");
        // delete the end
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = 'center-c' AND sequence_number = 4");
        // reorder two events
        jdbc.update("UPDATE domain_event_entry SET sequence_number = -1 WHERE aggregate_identifier = 'center-d' AND sequence_number = 2");
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 2 WHERE aggregate_identifier = 'center-d' AND sequence_number = 3");
        jdbc.update("UPDATE domain_event_entry SET sequence_number = 3 WHERE aggregate_identifier = 'center-d' AND sequence_number = -1");
        // insert, bypassing the chain (a superuser can disable triggers)
        jdbc.execute("ALTER TABLE domain_event_entry DISABLE TRIGGER ledger_chain_event");
        jdbc.update("INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, time_stamp, payload_type, "
                + "payload_revision, payload, meta_data) SELECT 'forged-1', type, aggregate_identifier, 5, time_stamp, payload_type, "
                + "payload_revision, payload, meta_data FROM domain_event_entry WHERE aggregate_identifier = 'center-e' AND sequence_number = 4");
        jdbc.execute("ALTER TABLE domain_event_entry ENABLE TRIGGER ledger_chain_event");

        JsonNode report = verify("");
        assertThat(report.get("intact").asBoolean()).isFalse();
        assertThat(report.get("breaks")).hasSize(5);
        assertThat(breakOf(report, "center-a").get("sequence").asLong()).isEqualTo(2);
        assertThat(breakOf(report, "center-a").get("problem").asText()).contains("edited");
        assertThat(breakOf(report, "center-b").get("sequence").asLong()).isEqualTo(2);
        assertThat(breakOf(report, "center-b").get("problem").asText()).contains("sequence 1 is missing");
        assertThat(breakOf(report, "center-c").get("problem").asText()).contains("removed from its end");
        assertThat(breakOf(report, "center-d").get("sequence").asLong()).isEqualTo(2);
        assertThat(breakOf(report, "center-e").get("sequence").asLong()).isEqualTo(5);
    }

    @Test
    void aDeletedStreamIsDetected() {
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = 'center-a'");
        JsonNode report = verify("");
        assertThat(breakOf(report, "center-a").get("problem").asText()).contains("all events of the stream are gone");
    }

    @Test
    void aKeptDigestCatchesWhatAFullyRecomputedChainHides() throws Exception {
        // an append open (a transaction holding the lock every insert takes) holds the digest back: it could still commit an
        // event below the head; one open for more than 2 s makes the digest a 503 to ask again, one that ends sooner is waited for
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            open.createStatement().execute("LOCK TABLE domain_event_entry IN ROW EXCLUSIVE MODE");
            LedgerClient.Answer busy = ledger.get("auditor", "/api/v1/audit/digest");
            assertThat(busy.status()).as(busy.toString()).isEqualTo(503);
            assertThat(busy.json().get("type").asText()).endsWith("store-busy");
            ExecutorService auditor = Executors.newSingleThreadExecutor();
            try {
                Future<LedgerClient.Answer> waiting = auditor.submit(() -> ledger.get("auditor", "/api/v1/audit/digest"));
                Thread.sleep(300);
                assertThat(waiting).as("waits for the open append").isNotDone();
                open.commit();
                assertThat(waiting.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            } finally {
                auditor.shutdownNow();
            }
        }
        LedgerClient.Answer beyond = ledger.get("auditor", "/api/v1/audit/digest?upTo=1000000");
        assertThat(beyond.status()).as("a digest beyond the settled head would be contradicted by the next commit below it")
                .isEqualTo(400);
        assertThat(beyond.json().get("errors").get(0).get("field").asText()).isEqualTo("upTo");
        long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        JsonNode digest = ledger.get("auditor", "/api/v1/audit/digest?upTo=" + head).json();
        assertThat(digest.get("events").asLong()).isEqualTo(25);
        assertThat(ledger.get("auditor", "/api/v1/audit/digest").json()).as("without upTo: up to the settled head").isEqualTo(digest);
        String sha256 = digest.get("sha256").asText();
        // a kept digest given in part: the parameter left out is the one named
        Map<String, String> missing = Map.of("?events=25&digest=" + sha256, "upTo", "?upTo=" + head + "&digest=" + sha256, "events",
                "?upTo=" + head + "&events=25", "digest");
        missing.forEach((partial, field) -> {
            LedgerClient.Answer refused = ledger.get("auditor", "/api/v1/audit/verify" + partial);
            assertThat(refused.status()).as(partial).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asText()).as(partial).isEqualTo(field);
        });
        String kept = "?upTo=" + digest.get("upToGlobalIndex").asLong() + "&events=" + digest.get("events").asLong()
                + "&digest=" + digest.get("sha256").asText();
        assertThat(verify(kept).get("intact").asBoolean()).isTrue();
        // an insider who knows the algorithm rewrites an event and recomputes its stream's chain and head
        jdbc.update("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '\"personnel\":1', "
                + "'\"personnel\":7'), 'UTF8') WHERE aggregate_identifier = 'center-b' AND sequence_number = 4");
        jdbc.update("UPDATE domain_event_entry SET hash = ledger_event_hash(previous_hash, event_identifier, aggregate_identifier, "
                + "sequence_number, type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                + "WHERE aggregate_identifier = 'center-b' AND sequence_number = 4");
        jdbc.update("UPDATE ledger_stream_head SET last_hash = (SELECT hash FROM domain_event_entry WHERE aggregate_identifier = 'center-b' "
                + "AND type = 'CommandStructure' AND sequence_number = 4) WHERE aggregate_identifier = 'center-b' "
                + "AND aggregate_type = 'CommandStructure'");
        assertThat(verify("").get("intact").asBoolean()).as("the chains alone are consistent again").isTrue();
        JsonNode withDigest = verify(kept);
        assertThat(withDigest.get("intact").asBoolean()).isFalse();
        assertThat(withDigest.get("breaks").get(0).get("problem").asText()).contains("no longer matches the kept digest");
    }

    @Test
    void theJarVerifiesOfflineWithAProgressDisplay() throws IOException, InterruptedException {
        Path jar = Path.of("target", "ledger-0.1.0.jar");
        assertThat(jar).exists();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        Process clean = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(), "verify", "--db-url", url, "--db-user", "postgres",
                "--db-password", "").redirectErrorStream(true).start();
        String cleanOutput = new String(clean.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(clean.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(clean.exitValue()).as(cleanOutput).isZero();
        assertThat(cleanOutput).contains("25 / 25 events", "INTACT");

        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = 'center-c' AND sequence_number = 2");
        Process broken = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(), "verify", "--db-url", url, "--db-user", "postgres",
                "--db-password", "").redirectErrorStream(true).start();
        String brokenOutput = new String(broken.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(broken.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(broken.exitValue()).as(brokenOutput).isEqualTo(1);
        assertThat(brokenOutput).contains("BROKEN", "CommandStructure:center-c #3", "sequence 2 is missing");
    }
}
