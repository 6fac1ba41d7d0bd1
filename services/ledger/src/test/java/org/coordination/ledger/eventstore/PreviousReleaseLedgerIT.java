package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.coordination.ledger.audit.LedgerIntegrity;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.coordination.ledger.testsupport.LedgerSnapshotFile;
import org.coordination.ledger.testsupport.LedgerSnapshotFile.Snapshot;
import org.coordination.ledger.testsupport.LedgerSnapshotFile.Table;
import org.coordination.ledger.testsupport.RosterUnits;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A ledger stored by the previous release (c8bbd74, schema V8, before streams were keyed by aggregate
 * kind in V9) still loads, verifies, reads as it did and accepts commands. The fixture
 * ({@code fixtures/ledger-before-v9}, made as its README says) is loaded row for row into a schema
 * migrated up to its version, with no trigger firing, so every stored hash is the old release's own;
 * then the service starts on that database and Flyway applies V9 and later.
 *
 * <p>The methods run in order on one ledger: first what the previous release left, then new commands.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PreviousReleaseLedgerIT {

    static final String FIXTURE = "/fixtures/ledger-before-v9/";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The fixture as read from its file. */
    static Snapshot fixture;
    /** The database as taken back right after loading, before the service (and V9) touched it. */
    static Snapshot loaded;
    /** The digest the previous release answered (GET /audit/digest) and the one computed here before V9. */
    static LedgerIntegrity.Digest recordedDigest;
    static LedgerIntegrity.Digest digestBeforeMigration;

    @DynamicPropertySource
    static void previousReleaseLedger(DynamicPropertyRegistry registry) throws Exception {
        fixture = LedgerSnapshotFile.read(fixtureFile("ledger.jsonl"));
        recordedDigest = JSON.readValue(Files.readString(fixtureFile("digest.json")), LedgerIntegrity.Digest.class);

        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(EmbeddedLedgerDatabase.freshDataDirectory()).start();
        DataSource database = server.getPostgresDatabase();
        // the schema exactly as the previous release left it: the migrations up to the fixture's version only
        Flyway.configure().dataSource(database).locations("classpath:db/migration").target(fixture.flywayVersion())
                .load().migrate();
        try (Connection connection = database.getConnection()) {
            LedgerSnapshotFile.load(fixture, connection);
            loaded = LedgerSnapshotFile.take(connection, fixture.note());
            digestBeforeMigration = LedgerIntegrity.digest(connection, recordedDigest.upToGlobalIndex());
            // a publisher that had published everything to the v1 topic (the fixture was made with Kafka off)
            connection.createStatement().executeUpdate("INSERT INTO token_entry (processor_name, segment, token, token_type, timestamp) "
                    + "VALUES ('kafka-publisher', 0, convert_to('{\"index\":19,\"gaps\":[]}', 'UTF8'), "
                    + "'org.axonframework.eventhandling.GapAwareTrackingToken', '2026-12-02T00:00:00Z')");
        }
        registry.add("LEDGER_DB_URL", () -> server.getJdbcUrl("postgres", "postgres"));
        registry.add("LEDGER_DB_USER", () -> "postgres");
    }

    static Path fixtureFile(String name) throws URISyntaxException {
        return Path.of(PreviousReleaseLedgerIT.class.getResource(FIXTURE + name).toURI());
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    LedgerClient ledger;

    @BeforeEach
    void client() {
        ledger = new LedgerClient(port);
    }

    @Test
    @Order(1)
    void theFixtureLoadsRowForRowWithTheOldReleasesHashes() {
        assertThat(fixture.flywayVersion()).isEqualTo("8");
        // every table, row, value and sequence as in the file: nothing recomputed by a trigger on the way in
        assertThat(loaded.tables()).isEqualTo(fixture.tables());
        assertThat(loaded.sequences()).isEqualTo(fixture.sequences());
        assertThat(fixture.table("domain_event_entry").rows()).hasSize(19);
        // the ledger as loaded is the one the previous release vouched for
        assertThat(digestBeforeMigration).isEqualTo(recordedDigest);
    }

    @Test
    @Order(2)
    void afterV9TheStoredEventsAreUnchangedAndTheChainAndTheKeptDigestVerify() throws Exception {
        assertThat(jdbc.queryForObject("SELECT max(version::int) FROM flyway_schema_history WHERE success", Integer.class))
                .isGreaterThanOrEqualTo(9);

        // V9 rewrote no stored row: every event, column for column, as the previous release wrote it
        Table events = fixture.table("domain_event_entry");
        assertThat(currentRows(events)).isEqualTo(events.rows());
        // each stream head now names its kind: the type of its events
        assertThat(jdbc.queryForList("SELECT h.aggregate_identifier FROM ledger_stream_head h WHERE h.aggregate_type <> "
                + "(SELECT DISTINCT e.type FROM domain_event_entry e WHERE e.aggregate_identifier = h.aggregate_identifier)",
                String.class)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM ledger_stream_head", Long.class)).isEqualTo(7);

        JsonNode verify = ledger.get("auditor", "/api/v1/audit/verify").json();
        assertThat(verify.get("breaks")).isEmpty();
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("eventsChecked").asLong()).isEqualTo(19);
        assertThat(verify.get("streamsChecked").asLong()).isEqualTo(7);

        assertThat(verifyAgainstRecordedDigest().get("intact").asBoolean()).isTrue();
        JsonNode digest = ledger.get("auditor", "/api/v1/audit/digest?upTo=" + recordedDigest.upToGlobalIndex()).json();
        assertThat(JSON.treeToValue(digest, LedgerIntegrity.Digest.class)).isEqualTo(recordedDigest);
    }

    @Test
    @Order(3)
    void theReadViewsAnswerAsTheyDidUnderThePreviousRelease() throws Exception {
        // what the previous release's jar answered (views/), less what depends on the day it is read
        assertView("/api/v1/command-structures/cmcc", "command-structures_cmcc.json");
        assertView("/api/v1/forces/isf/roster", "forces_isf_roster.json");
        assertView("/api/v1/humanitarian-coalitions/gaza-humanitarian", "humanitarian-coalitions_gaza-humanitarian.json");
        assertView("/api/v1/mandates/gaza-isf-mandate", "mandates_gaza-isf-mandate.json",
                "status", "active", "daysToExpiry", "alerts", "statusOn");
    }

    @Test
    @Order(4)
    void theIdempotencyKeyStoredByThePreviousReleaseStillReplaysItsAnswer() throws Exception {
        long eventsBefore = eventCount();
        // the very request of story.sh, in another layout and key order (the key's body hash is canonical)
        Answer replay = ledger.command("coordinator", "appoint-lead", """
                {"appointee": {"service": "MILITARY", "name": "Brad Cooper", "titleOrRank": "Admiral", "nationality": "USA",
                               "parentOrganization": "U.S. Central Command"},
                 "structureId": "cmcc", "postId": "military-lead", "appointedBy": "Secretary of War",
                 "effectiveAt": "2025-10-17", "citation": "DoW order 2025-117"}""",
                Map.of("Idempotency-Key", "appoint-cooper-2025-10-17"));

        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.header("ETag")).isEqualTo("\"3\"");
        String stored = fixtureValue("idempotency_record", "response_body");
        assertThat(replay.json()).isEqualTo(JSON.readTree(stored));
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    @Order(5)
    void aNewCommandOnAnExistingAggregateTakesTheNextSequenceNumber() {
        Answer attach = ledger.command("coordinator", "attach-staff",
                "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":5,\"effectiveAt\":\"2025-10-20\"}");

        assertThat(attach.status()).as(attach.toString()).isEqualTo(200);
        JsonNode answer = attach.json();
        assertThat(answer.get("aggregateType").asText()).isEqualTo("CommandStructure");
        assertThat(answer.get("version").asLong()).isEqualTo(6); // cmcc stood at 5 in the fixture
        assertThat(answer.get("events").get(0).get("sequence").asLong()).isEqualTo(6);
        // the global index carries on from the restored sequence
        assertThat(answer.get("position").asLong()).isEqualTo(fixtureSequence("domain_event_entry_seq") + 1);

        JsonNode cmcc = ledger.get("viewer", "/api/v1/command-structures/cmcc?minPosition=" + answer.get("position")).json();
        assertThat(cmcc.get("staff").get("FRA").asInt()).isEqualTo(5);
        assertThat(cmcc.get("staffTotal").asInt()).isEqualTo(210);
        assertThat(ledger.get("auditor", "/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void anAggregateOfAnotherKindUnderAnExistingIdLivesBesideItAndBothStreamsVerify() throws Exception {
        // the force isf (three events from the previous release) and now a command structure isf
        Answer structure = ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"isf\",\"name\":\"ISF coordination cell\",\"leadNation\":\"USA\",\"location\":\"Gaza\"}");
        assertThat(structure.status()).as(structure.toString()).isEqualTo(200);
        assertThat(structure.json().get("aggregateType").asText()).isEqualTo("CommandStructure");
        assertThat(structure.json().get("version").asLong()).isZero();

        // the force's own stream goes on at its next sequence, beside the new one
        Answer requirement = ledger.command("coordinator", "define-force-requirement",
                "{\"forceId\":\"isf\",\"lineId\":\"engineers\",\"capability\":\"Engineer companies\",\"personnel\":800,\"sector\":\"Gaza\"}");
        assertThat(requirement.status()).as(requirement.toString()).isEqualTo(200);
        assertThat(requirement.json().get("aggregateType").asText()).isEqualTo("Force");
        assertThat(requirement.json().get("version").asLong()).isEqualTo(3);

        String position = requirement.json().get("position").asText();
        assertThat(ledger.get("viewer", "/api/v1/command-structures/isf?minPosition=" + position).json().get("name").asText())
                .isEqualTo("ISF coordination cell");
        JsonNode force = ledger.get("viewer", "/api/v1/forces/isf?minPosition=" + position).json();
        assertThat(force.get("name").asText()).isEqualTo("International Stabilization Force");
        assertThat(force.get("requirementLines")).hasSize(2);

        // two streams under one id, each with its own head and its own chain
        assertThat(jdbc.queryForList("SELECT aggregate_type || ':' || last_sequence FROM ledger_stream_head "
                + "WHERE aggregate_identifier = 'isf' ORDER BY aggregate_type", String.class))
                .containsExactly("CommandStructure:0", "Force:3");
        assertThat(chainBreaks("Force", "isf")).isEmpty();
        assertThat(chainBreaks("CommandStructure", "isf")).isEmpty();

        // and the service's own verification agrees, the previous release's digest included: a stream is
        // (kind, id) in LedgerIntegrity too (ADR 0003), so isf is two streams there, each intact
        JsonNode verify = verifyAgainstRecordedDigest();
        assertThat(verify.get("breaks")).as(verify.toString()).isEmpty();
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("eventsChecked").asLong()).isEqualTo(eventCount());
        assertThat(verify.get("streamsChecked").asLong()).isEqualTo(8);
    }

    // --- helpers ------------------------------------------------------------------------------------

    private JsonNode verifyAgainstRecordedDigest() {
        return ledger.get("auditor", "/api/v1/audit/verify?upTo=" + recordedDigest.upToGlobalIndex() + "&events="
                + recordedDigest.events() + "&digest=" + recordedDigest.sha256()).json();
    }

    @Test
    @Order(7)
    void thePublishersPositionIsResetSoTheNewTopicGetsEveryEventKeyedByStream() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = 'kafka-publisher'", Integer.class))
                .as("V10 removed the position the previous release reached on the v1 topic").isZero();
    }

    private void assertView(String path, String expectedFile, String... changesWithTheDay) throws Exception {
        Answer answer = ledger.get("viewer", path);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode expected = JSON.readTree(Files.readString(fixtureFile("views/" + expectedFile)));
        JsonNode actual = path.contains("/roster") ? RosterUnits.withoutUnits(answer.json(), path) : answer.json();
        for (String field : changesWithTheDay) {
            ((ObjectNode) expected).remove(field);
            ((ObjectNode) actual).remove(field);
        }
        assertThat(actual).as(path).isEqualTo(expected);
    }

    /** The events up to the recorded digest now, as the fixture holds them (PostgreSQL's text form, bytea in hex; no timestamptz column). */
    private List<List<String>> currentRows(Table table) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < table.columns().size(); i++) {
            String column = table.columns().get(i);
            select.append(i == 0 ? "" : ", ").append(table.types().get(i).equals("bytea")
                    ? "'\\x' || encode(e." + column + ", 'hex')" : "e." + column + "::text");
        }
        // e.global_index: the bare name would sort by the output column, the text
        select.append(" FROM ").append(table.name()).append(" e WHERE e.global_index <= ")
                .append(recordedDigest.upToGlobalIndex()).append(" ORDER BY e.global_index");
        return jdbc.query(select.toString(), (row, n) -> {
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= table.columns().size(); i++) {
                values.add(row.getString(i));
            }
            return values;
        });
    }

    /** Recomputes one (kind, id) stream's chain here, with the release's hash, and names what fails. */
    private List<String> chainBreaks(String kind, String id) {
        List<String> breaks = new ArrayList<>();
        byte[][] previous = {null};
        long[] expected = {0};
        jdbc.query("SELECT sequence_number, event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data, "
                + "previous_hash, hash FROM domain_event_entry WHERE type = ? AND aggregate_identifier = ? ORDER BY sequence_number",
                row -> {
                    long sequence = row.getLong(1);
                    byte[] hash = EventChainHash.of(previous[0], row.getString(2), id, sequence, kind, row.getString(3),
                            row.getString(4), row.getString(5), row.getBytes(6), row.getBytes(7));
                    if (sequence != expected[0] || !Arrays.equals(row.getBytes(8), previous[0]) || !Arrays.equals(row.getBytes(9), hash)) {
                        breaks.add(kind + ":" + id + " #" + sequence);
                    }
                    previous[0] = row.getBytes(9);
                    expected[0]++;
                }, kind, id);
        byte[] head = jdbc.queryForObject("SELECT last_hash FROM ledger_stream_head WHERE aggregate_type = ? AND aggregate_identifier = ?",
                byte[].class, kind, id);
        if (expected[0] == 0 || !Arrays.equals(head, previous[0])) {
            breaks.add(kind + ":" + id + " head " + (head == null ? null : HexFormat.of().formatHex(head)));
        }
        return breaks;
    }

    private long eventCount() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    private static String fixtureValue(String table, String column) {
        Table rows = fixture.table(table);
        assertThat(rows.rows()).hasSize(1);
        return rows.rows().get(0).get(rows.columns().indexOf(column));
    }

    private static long fixtureSequence(String name) {
        return fixture.sequences().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().lastValue();
    }
}
