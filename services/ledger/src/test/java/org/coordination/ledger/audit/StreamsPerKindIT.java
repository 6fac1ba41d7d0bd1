package org.coordination.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventHistory;
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
 * A stream is an aggregate kind and an id (ADR 0003): the force {@code X} and the command structure
 * {@code X} are two streams side by side. Verification checks and names each one, the audit API reads
 * one kind or every kind under an id, and an as-of read of one kind's view never reads the other's events.
 *
 * <p>The command structure that shares the force's id is written behind the command side, as the
 * events of another command structure copied under that id (the chain trigger chains the copies as the
 * stream {@code CommandStructure:X}), so that this holds whatever the command side accepts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class StreamsPerKindIT {

    static final String FORCE = "Force";
    static final String STRUCTURE = "CommandStructure";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventHistory history;
    @Autowired
    EmbeddedPostgres postgres;
    LedgerClient ledger;

    @BeforeEach
    void client() {
        ledger = new LedgerClient(port);
    }

    /**
     * The force {@code id} (established, one requirement line: sequences 0 and 1) and the command
     * structure {@code id} (established, two staff attachments: sequences 0 to 2).
     */
    void twins(String id) {
        ok("coordinator", "establish-force", "{\"forceId\":\"" + id + "\",\"name\":\"Force " + id + "\",\"politicalAuthority\":\"Board of Peace\","
                + "\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\",\"plannedStrength\":5000,\"mandateId\":\"" + id + "-mandate\"}");
        ok("coordinator", "define-force-requirement", "{\"forceId\":\"" + id + "\",\"lineId\":\"infantry\",\"capability\":\"Infantry\","
                + "\"personnel\":3000,\"sector\":\"Gaza\"}");
        String source = id + "-source";
        ok("coordinator", "establish-command-structure",
                "{\"structureId\":\"" + source + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        for (int personnel : new int[] {3, 4}) {
            ok("coordinator", "attach-staff", "{\"structureId\":\"" + source + "\",\"nation\":\"CYP\",\"personnel\":" + personnel + "}");
        }
        int copied = jdbc.update("INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, sequence_number, time_stamp, "
                + "payload_type, payload_revision, payload, meta_data) SELECT gen_random_uuid()::text, type, ?, sequence_number, time_stamp, "
                + "payload_type, payload_revision, convert_to(replace(convert_from(payload, 'UTF8'), ?, ?), 'UTF8'), meta_data "
                + "FROM domain_event_entry WHERE aggregate_identifier = ? AND type = ? ORDER BY sequence_number",
                id, "\"structureId\":\"" + source + "\"", "\"structureId\":\"" + id + "\"", source, STRUCTURE);
        assertThat(copied).isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT aggregate_type FROM ledger_stream_head WHERE aggregate_identifier = ? ORDER BY aggregate_type",
                String.class, id)).as("two heads under one id").containsExactly(STRUCTURE, FORCE);
    }

    void ok(String user, String command, String body) {
        LedgerClient.Answer answer = ledger.command(user, command, body);
        assertThat(answer.status()).as(command + ": " + answer).isEqualTo(200);
    }

    JsonNode verify() {
        LedgerClient.Answer answer = ledger.get("auditor", "/api/v1/audit/verify");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    List<JsonNode> events(String path) {
        LedgerClient.Answer answer = ledger.get("auditor", path);
        assertThat(answer.status()).as(path + ": " + answer).isEqualTo(200);
        return StreamSupport.stream(answer.json().get("events").spliterator(), false).toList();
    }

    /** Every event of a stream path, followed page by page ({@code next} as {@code after}). */
    List<JsonNode> paged(String path, int limit) {
        List<JsonNode> all = new ArrayList<>();
        long after = -1;
        for (int page = 0; page < 100; page++) {
            LedgerClient.Answer answer = ledger.get("auditor", path + "?after=" + after + "&limit=" + limit);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            answer.json().get("events").forEach(all::add);
            if (answer.json().path("next").isNull() || answer.json().path("next").isMissingNode()) {
                return all;
            }
            after = answer.json().get("next").asLong();
        }
        throw new AssertionError("paging never ended");
    }

    static List<Long> globalIndexes(List<JsonNode> events) {
        return events.stream().map(e -> e.get("globalIndex").asLong()).toList();
    }

    List<Long> storedGlobalIndexes(String id, String kind) {
        return kind == null
                ? jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY global_index",
                        Long.class, id)
                : jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? AND type = ? "
                        + "ORDER BY global_index", Long.class, id, kind);
    }

    @Test
    void twoKindsUnderOneIdAreTwoIntactStreamsReadApartOrTogether() {
        twins("shared");
        // another force, so that the shared id's streams are not the whole ledger
        ok("coordinator", "establish-force", "{\"forceId\":\"alone\",\"name\":\"Alone\",\"politicalAuthority\":\"Board of Peace\","
                + "\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\",\"plannedStrength\":100,\"mandateId\":\"m\"}");
        ok("liaison-usa", "join-force", "{\"contributionId\":\"shared-usa\",\"forceId\":\"shared\",\"nation\":\"USA\","
                + "\"units\":[{\"requirementLine\":\"infantry\",\"type\":\"Infantry battalion\",\"personnel\":800}],"
                + "\"readiness\":\"L2\",\"conditions\":[],\"authorityOffered\":\"OPCON\"}");

        // verify: every (kind, id) is a stream of its own, and each is whole
        JsonNode report = verify();
        assertThat(report.get("intact").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("breaks")).isEmpty();
        assertThat(report.get("eventsChecked").asLong()).isEqualTo(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class));
        assertThat(report.get("streamsChecked").asLong()).isEqualTo(jdbc.queryForObject(
                "SELECT count(*) FROM (SELECT DISTINCT aggregate_identifier, type FROM domain_event_entry) s", Long.class));
        assertThat(report.get("streamsChecked").asLong()).as("shared ×2, its source, alone, the pledge").isEqualTo(5);

        // the digest is what it always was: SHA-256 over each event's global index (8 bytes, big-endian) and hash, in global order
        JsonNode digest = ledger.get("auditor", "/api/v1/audit/digest").json();
        String independent = jdbc.queryForObject("SELECT encode(sha256(string_agg(int8send(global_index) || hash, ''::bytea "
                + "ORDER BY global_index)), 'hex') FROM domain_event_entry WHERE global_index <= 1000000", String.class);
        assertThat(digest.get("sha256").asText()).isEqualTo(independent);

        // one kind: that stream only, in sequence order, paged
        List<JsonNode> force = events("/api/v1/audit/aggregates/Force/shared/events");
        assertThat(force).extracting(e -> e.get("aggregateType").asText()).containsOnly(FORCE);
        assertThat(force).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L);
        assertThat(force).extracting(e -> e.get("type").asText()).containsExactly("ForceEstablished", "ForceRequirementDefined");
        List<JsonNode> structure = events("/api/v1/audit/aggregates/CommandStructure/shared/events");
        assertThat(structure).extracting(e -> e.get("aggregateType").asText()).containsOnly(STRUCTURE);
        assertThat(structure).extracting(e -> e.get("sequence").asLong()).containsExactly(0L, 1L, 2L);
        assertThat(structure.get(1).get("previousHash").asText()).isEqualTo(structure.get(0).get("hash").asText());
        assertThat(structure.get(0).get("payload").get("structureId").asText()).isEqualTo("shared");
        assertThat(globalIndexes(paged("/api/v1/audit/aggregates/CommandStructure/shared/events", 1)))
                .isEqualTo(storedGlobalIndexes("shared", STRUCTURE));

        // every kind under the id: both streams, in global order, paged without a gap or a repeat
        List<JsonNode> both = events("/api/v1/audit/aggregates/shared/events");
        assertThat(globalIndexes(both)).isEqualTo(storedGlobalIndexes("shared", null)).hasSize(5).isSorted();
        assertThat(both).extracting(e -> e.get("aggregateType").asText()).containsOnly(FORCE, STRUCTURE);
        for (int limit : new int[] {1, 2, 3}) {
            assertThat(globalIndexes(paged("/api/v1/audit/aggregates/shared/events", limit))).as("limit " + limit)
                    .isEqualTo(globalIndexes(both));
        }
        assertThat(events("/api/v1/audit/aggregates/alone/events")).extracting(e -> e.get("aggregateType").asText()).containsExactly(FORCE);

        // refusals: an unknown kind names the field and the kinds; a known kind without the stream is 404
        LedgerClient.Answer unknown = ledger.get("auditor", "/api/v1/audit/aggregates/Fleet/shared/events");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("kind");
        assertThat(unknown.json().get("errors").get(0).get("message").asText())
                .contains("Mandate", "Force", "Contribution", "ConsentRegister", "CommandStructure", "HumanitarianCoalition");
        assertThat(ledger.get("auditor", "/api/v1/audit/aggregates/force/shared/events").status()).as("kinds are spelled as aggregateType")
                .isEqualTo(400);
        LedgerClient.Answer none = ledger.get("auditor", "/api/v1/audit/aggregates/Mandate/shared/events");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ledger.get("auditor", "/api/v1/audit/aggregates/Force/nobody/events").status()).isEqualTo(404);
        assertThat(ledger.get("auditor", "/api/v1/audit/aggregates/nobody/events").status()).isEqualTo(404);
        assertThat(ledger.get("viewer", "/api/v1/audit/aggregates/Force/shared/events").status()).as("auditors only").isEqualTo(403);

        // the store's history of a stream is that kind's events only
        List<EventEnvelope> forceHistory = history.of(List.of(new EventHistory.Stream(FORCE, "shared")), AsOf.NOW);
        assertThat(forceHistory).extracting(EventEnvelope::globalIndex).isEqualTo(storedGlobalIndexes("shared", FORCE));
        assertThat(forceHistory).extracting(EventEnvelope::aggregateType).containsOnly(FORCE);
        List<EventEnvelope> withPledge = history.of(List.of(new EventHistory.Stream(FORCE, "shared"),
                new EventHistory.Stream("Contribution", "shared-usa")), AsOf.NOW);
        assertThat(withPledge).extracting(EventEnvelope::aggregateType).containsOnly(FORCE, "Contribution").contains("Contribution");
        assertThat(withPledge).extracting(EventEnvelope::globalIndex).isSorted();

        // as-of reads of each kind's view fold that kind's stream(s), and agree with the live documents
        JsonNode liveForce = ledger.await("viewer", "/api/v1/forces/shared/roster", r -> r.get("rows").size() == 1);
        JsonNode liveStructure = ledger.await("viewer", "/api/v1/command-structures/shared", s -> s.get("staffTotal").asInt() == 7);
        LedgerClient.Answer forceThen = ledger.get("viewer", "/api/v1/forces/shared/roster?asOf=2999-01-01");
        assertThat(forceThen.status()).isEqualTo(200);
        assertThat(withoutAsOf(forceThen.json())).isEqualTo(liveForce);
        assertThat(forceThen.header("ETag")).as("the force's version, not the structure's").isEqualTo("\"1\"");
        LedgerClient.Answer structureThen = ledger.get("viewer", "/api/v1/command-structures/shared?asOf=2999-01-01");
        assertThat(structureThen.status()).isEqualTo(200);
        assertThat(withoutAsOf(structureThen.json())).isEqualTo(liveStructure);
        assertThat(structureThen.header("ETag")).isEqualTo("\"2\"");
        assertThat(withoutAsOf(ledger.get("viewer", "/api/v1/forces/shared?asOf=2999-01-01").json()))
                .isEqualTo(ledger.get("viewer", "/api/v1/forces/shared").json());
    }

    @Test
    void tamperingWithOneKindNamesThatStreamOnlyOnlineAndOffline() throws IOException, InterruptedException {
        twins("edited");
        twins("gone");
        twins("cut");
        assertThat(verify().get("intact").asBoolean()).isTrue();

        // the structure `edited` is edited; the force `edited` is not
        jdbc.update("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '\"personnel\":4', "
                + "'\"personnel\":9'), 'UTF8') WHERE aggregate_identifier = 'edited' AND type = 'CommandStructure' AND sequence_number = 2");
        // the force `gone` is deleted whole; the structure `gone` stays
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = 'gone' AND type = 'Force'");
        // the force `cut` loses its last event; the structure `cut` (which has more events) stays whole
        jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = 'cut' AND type = 'Force' AND sequence_number = 1");

        JsonNode report = verify();
        assertThat(report.get("intact").asBoolean()).isFalse();
        assertThat(report.get("breaks")).as(report.toString()).hasSize(3);
        JsonNode edited = breakOf(report, "edited");
        assertThat(edited.get("aggregateType").asText()).isEqualTo(STRUCTURE);
        assertThat(edited.get("sequence").asLong()).isEqualTo(2);
        assertThat(edited.get("problem").asText()).contains("edited");
        JsonNode gone = breakOf(report, "gone");
        assertThat(gone.get("aggregateType").asText()).isEqualTo(FORCE);
        assertThat(gone.get("problem").asText()).contains("all events of the stream are gone", "sequence 1");
        JsonNode cut = breakOf(report, "cut");
        assertThat(cut.get("aggregateType").asText()).isEqualTo(FORCE);
        assertThat(cut.get("sequence").asLong()).isZero();
        assertThat(cut.get("problem").asText()).contains("removed from its end", "head records sequence 1");

        Path jar = Path.of("target", "ledger-0.1.0.jar");
        assertThat(jar).exists();
        Process offline = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(), "verify", "--db-url", postgres.getJdbcUrl("postgres", "postgres"),
                "--db-user", "postgres", "--db-password", "").redirectErrorStream(true).start();
        String output = new String(offline.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(offline.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(offline.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("BROKEN: 3", "CommandStructure:edited #2", "Force:gone #0", "Force:cut #0")
                .doesNotContain("Force:edited", "CommandStructure:gone", "CommandStructure:cut");
    }

    /** An as-of answer without the asOf it echoes, to compare with the live one. */
    static JsonNode withoutAsOf(JsonNode answer) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = answer.deepCopy();
        copy.remove("asOf");
        return copy;
    }

    /** The one break naming {@code aggregateId}, whatever its kind: there must be exactly one. */
    static JsonNode breakOf(JsonNode report, String aggregateId) {
        List<JsonNode> named = StreamSupport.stream(report.get("breaks").spliterator(), false)
                .filter(b -> aggregateId.equals(b.path("aggregateId").asText(null))).toList();
        assertThat(named).as("breaks naming " + aggregateId + " in " + report).hasSize(1);
        return named.get(0);
    }
}
