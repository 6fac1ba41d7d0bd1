package org.coordination.ledger.subscriber;

import static org.coordination.ledger.subscriber.Processes.awaitUp;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A stream is an aggregate kind and an id (the ledger's ADR 0003): the force {@code twin} and the
 * command structure {@code twin} each have their own sequence. The ledger (its real jar) keys their
 * records apart and the subscriber applies both, each in order, with a position per stream. Records of
 * the previous release (keyed by the id alone, without the {@code aggregatetype} extension) count
 * toward the same stream, and a position the subscriber kept before streams had kinds is taken over.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamsPerKindIT {

    static final String TOPIC = "coordination-ledger.events.v2";
    static final EmbeddedKafkaKraftBroker BROKER = InProcessSubscriber.broker(6);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static Process ledger;
    static int ledgerPort;


    static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        InProcessSubscriber.register(registry, BROKER, "streams-subscriber-pg");
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @BeforeAll
    static void startTheLedger() throws Exception {
        ledgerPort = freePort();
        ledger = Processes.startLedger(ledgerPort, BROKER.getBrokersAsString(), "streams", Map.of());
        awaitUp(ledgerPort);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        Processes.stopGracefully(ledger);
        BROKER.destroy();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    static void command(String command, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledgerPort + "/api/v1/commands/" + command))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("coordinator:coordinator".getBytes()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(command + " → " + response.body()).isEqualTo(200);
    }

    Map<String, Object> position(String kind, String id) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT last_sequence, applied, gaps FROM stream_position WHERE aggregate_type = ? AND aggregate_id = ?", kind, id);
        return rows.isEmpty() ? Map.of() : rows.get(0);
    }

    boolean at(String kind, String id, long lastSequence, long applied) {
        Map<String, Object> position = position(kind, id);
        return !position.isEmpty() && ((Number) position.get("last_sequence")).longValue() == lastSequence
                && ((Number) position.get("applied")).longValue() == applied;
    }

    @Test
    void twoStreamsWithOneIdAreAppliedEachInItsOwnOrder() throws Exception {
        // interleaved in the store: structure 0, force 0, structure 1, force 1, structure 2
        command("establish-command-structure", "{\"structureId\":\"twin\",\"name\":\"Twin\",\"leadNation\":\"USA\",\"location\":\"L\"}");
        command("establish-force", "{\"forceId\":\"twin\",\"name\":\"Twin\",\"politicalAuthority\":\"Board\",\"leadNation\":\"USA\","
                + "\"commandModel\":\"LEAD_NATION\",\"plannedStrength\":100,\"mandateId\":\"twin-mandate\"}");
        command("attach-staff", "{\"structureId\":\"twin\",\"nation\":\"USA\",\"personnel\":1}");
        command("issue-rules-of-engagement", "{\"forceId\":\"twin\",\"version\":1,\"profileId\":\"ROE\",\"ruleNumbers\":[\"1.1\"],"
                + "\"issuingAuthority\":\"FC\",\"effectiveFrom\":\"2025-12-01\",\"useOfForce\":\"SELF_DEFENCE_ONLY\"}");
        command("attach-staff", "{\"structureId\":\"twin\",\"nation\":\"USA\",\"personnel\":1}");

        await("both streams of twin applied").atMost(90, SECONDS).pollInterval(200, MILLISECONDS).until(() -> at("CommandStructure", "twin", 2, 3) && at("Force", "twin", 1, 2));
        assertThat(position("CommandStructure", "twin").get("gaps")).isEqualTo(0L);
        assertThat(position("Force", "twin").get("gaps")).isEqualTo(0L);
        // the force's events were applied in order: established, then its rules of engagement
        assertThat(jdbc.queryForMap("SELECT mandate_id, current_roe FROM force_mandate WHERE force_id = 'twin'"))
                .containsEntry("mandate_id", "twin-mandate").containsEntry("current_roe", 1);
        assertThat(get(port, "/api/v1/alerts")).doesNotContain("SEQUENCE_GAP");
        assertThat(JSON.readTree(get(port, "/api/v1/status")).get("streams").toString())
                .contains("\"aggregate_type\":\"Force\",\"aggregate_id\":\"twin\"", "\"aggregate_type\":\"CommandStructure\",\"aggregate_id\":\"twin\"");
    }

    @Test
    void recordsOfThePreviousReleaseKeyedByTheIdAloneCountTowardTheirStream() throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // as the previous release published them: key = id, no aggregatetype
            send(producer, "elder", null, "CommandStructure", "elder", 0, "CommandStructureEstablished",
                    "{\"structureId\":\"elder\",\"name\":\"Elder\",\"leadNation\":\"USA\",\"location\":\"L\"}");
            send(producer, "elder", null, "CommandStructure", "elder", 1, "StaffAttached", staff("elder", 1));
            await("the previous release's records applied").atMost(90, SECONDS).pollInterval(200, MILLISECONDS).until(() -> at("CommandStructure", "elder", 1, 2));
            // and as this release publishes the stream's next event
            send(producer, "CommandStructure:elder", "CommandStructure", "CommandStructure", "elder", 2, "StaffAttached", staff("elder", 2));
            await("this release's record applied").atMost(90, SECONDS).pollInterval(200, MILLISECONDS).until(() -> at("CommandStructure", "elder", 2, 3));
        }
        assertThat(position("CommandStructure", "elder").get("gaps")).isEqualTo(0L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stream_position WHERE aggregate_id = 'elder'", Long.class)).isEqualTo(1L);
    }

    @Test
    void aPositionKeptBeforeStreamsHadKindsIsTakenOverByTheStreamItTracked() throws Exception {
        // what V3 leaves of a position the previous subscriber kept: no kind
        jdbc.update("INSERT INTO stream_position (aggregate_type, aggregate_id, last_sequence, applied, gaps) VALUES ('', 'veteran', 4, 5, 0)");
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // a new stream on the same id starts at 0: a position of its own
            send(producer, "Force:veteran", "Force", "Force", "veteran", 0, "ForceEstablished", "{\"forceId\":\"veteran\",\"name\":\"V\","
                    + "\"politicalAuthority\":\"B\",\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\",\"plannedStrength\":1,\"mandateId\":\"m\"}");
            await("the new stream applied").atMost(90, SECONDS).pollInterval(200, MILLISECONDS).until(() -> at("Force", "veteran", 0, 1));
            // the stream the old position tracked continues
            send(producer, "CommandStructure:veteran", "CommandStructure", "CommandStructure", "veteran", 5, "StaffAttached", staff("veteran", 5));
            await("the old position taken over").atMost(90, SECONDS).pollInterval(200, MILLISECONDS).until(() -> at("CommandStructure", "veteran", 5, 6));
        }
        assertThat(position("CommandStructure", "veteran").get("gaps")).isEqualTo(0L);
        assertThat(position("Force", "veteran").get("gaps")).isEqualTo(0L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stream_position WHERE aggregate_type = ''", Long.class)).isZero();
    }

    @Test
    void pledgesOfBothRevisionsOnTheTopicAreApplied() throws Exception {
        String units = "\"units\":[{\"requirementLine\":\"infantry\",\"type\":\"Infantry\",\"personnel\":400%s},"
                + "{\"requirementLine\":\"medical\",\"type\":\"Field hospital\",\"personnel\":300%s}]";
        String rest = ",\"readiness\":\"L2\",\"conditions\":[],\"authorityOffered\":\"OPCON\",\"state\":\"OFFERED\"}";
        try (KafkaProducer<String, byte[]> producer = producer()) {
            // published before ContributionPledged had revision 2: the sum in a field of its own, no rotations
            send(producer, "Contribution:old-pledge", "Contribution", "Contribution", "old-pledge", 0, "ContributionPledged", "1",
                    "{\"contributionId\":\"old-pledge\",\"forceId\":\"isf\",\"nation\":\"FJI\"," + units.formatted("", "")
                            + ",\"personnel\":700" + rest);
            // as this release publishes it
            send(producer, "Contribution:new-pledge", "Contribution", "Contribution", "new-pledge", 0, "ContributionPledged", "2",
                    "{\"contributionId\":\"new-pledge\",\"forceId\":\"isf\",\"nation\":\"NPL\","
                            + units.formatted(",\"rotation\":{\"months\":6,\"firstDue\":\"2026-06-01\"}", "") + rest);
            await("both pledges applied").atMost(90, SECONDS).pollInterval(200, MILLISECONDS)
                    .until(() -> at("Contribution", "old-pledge", 0, 1) && at("Contribution", "new-pledge", 0, 1));
        }
        assertThat(jdbc.queryForList("SELECT contribution_id, nation, offered_personnel FROM board_pledge "
                + "WHERE contribution_id IN ('old-pledge', 'new-pledge') ORDER BY contribution_id"))
                .containsExactly(Map.of("contribution_id", "new-pledge", "nation", "NPL", "offered_personnel", 700),
                        Map.of("contribution_id", "old-pledge", "nation", "FJI", "offered_personnel", 700));
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.getBrokersAsString()), new StringSerializer(), new ByteArraySerializer());
    }

    static String staff(String structureId, int total) {
        return "{\"structureId\":\"" + structureId + "\",\"nation\":\"USA\",\"personnel\":1,\"role\":\"staff\",\"nationTotal\":" + total + "}";
    }

    /** One record as the ledger publishes it (docs/kafka.md); {@code aggregateType} null as the previous release did. */
    static void send(KafkaProducer<String, byte[]> producer, String key, String aggregateType, String kind, String id, long sequence,
                     String event, String payload) throws Exception {
        send(producer, key, aggregateType, kind, id, sequence, event, "1", payload);
    }

    static void send(KafkaProducer<String, byte[]> producer, String key, String aggregateType, String kind, String id, long sequence,
                     String event, String revision, String payload) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, key, payload.getBytes(StandardCharsets.UTF_8));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_source", "/coordination-ledger/" + kind + "/" + id);
        header(record, "ce_type", "org.coordination.ledger." + event + ".v" + revision);
        header(record, "ce_subject", id);
        header(record, "ce_time", Instant.now().toString());
        if (aggregateType != null) {
            header(record, "ce_aggregatetype", aggregateType);
        }
        header(record, "ce_sequence", Long.toString(sequence));
        header(record, "ce_globalindex", "0");
        header(record, "content-type", "application/json");
        producer.send(record).get();
    }

    static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
