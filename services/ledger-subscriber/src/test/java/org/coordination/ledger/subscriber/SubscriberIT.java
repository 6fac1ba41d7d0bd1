package org.coordination.ledger.subscriber;

import static org.coordination.ledger.subscriber.Processes.awaitUp;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * The ledger (its real jar, as its own process) publishes to a real broker; the reference subscriber
 * consumes it. The subscriber's board and office holders match the ledger's own read models, its
 * alerts are raised, a duplicate on the wire changes nothing, and a rebuild from the topic's
 * beginning ends where it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SubscriberIT {

    static final EmbeddedKafkaKraftBroker BROKER = broker();
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Process ledger;
    static int ledgerPort;

    static EmbeddedKafkaKraftBroker broker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        return broker;
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "subscriber-pg-");
        registry.add("subscriber.embedded-postgres.data-directory", data::toString);
        registry.add("subscriber.embedded-postgres.port", () -> "0");
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
    }

    @BeforeAll
    static void startTheLedger() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            ledgerPort = socket.getLocalPort();
        }
        Path jar = Path.of("..", "ledger", "target", "ledger-0.1.0.jar");
        assertThat(jar).exists();
        Path data = Files.createTempDirectory(Path.of("target"), "ledger-pg-");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(), "--server.port=" + ledgerPort,
                "--ledger.embedded-postgres.port=0", "--ledger.embedded-postgres.data-directory=" + data)
                .redirectErrorStream(true).redirectOutput(new File("target/ledger-process.log"));
        builder.environment().put("LEDGER_KAFKA_BOOTSTRAP_SERVERS", BROKER.getBrokersAsString());
        ledger = builder.start();
        awaitUp(ledgerPort); // or see target/ledger-process.log
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.destroy();
        }
        BROKER.destroy();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    static String get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static void command(String user, String command, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledgerPort + "/api/v1/commands/" + command))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(command + " → " + response.body()).isEqualTo(200);
    }

    JsonNode await(String path, Predicate<JsonNode> expected) {
        return Awaitility.await(path + " showing what was expected").atMost(60, SECONDS).pollDelay(Duration.ZERO).pollInterval(100, MILLISECONDS)
                .until(() -> JSON.readTree(get(port, path)), expected);
    }

    @Test
    void theSubscribersViewMatchesTheLedgerAndDuplicatesChangeNothing() throws Exception {
        command("coordinator", "establish-command-structure", "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        command("coordinator", "establish-post", "{\"structureId\":\"cmcc\",\"postId\":\"military-lead\",\"title\":\"Military lead\",\"line\":\"MILITARY\",\"appointingAuthority\":\"Secretary of War\"}");
        command("coordinator", "appoint-lead", "{\"structureId\":\"cmcc\",\"postId\":\"military-lead\",\"appointedBy\":\"Secretary of War\",\"appointee\":{\"name\":\"Brad Cooper\",\"titleOrRank\":\"Admiral\",\"nationality\":\"USA\",\"service\":\"MILITARY\"}}");
        command("coordinator", "appoint-lead", "{\"structureId\":\"cmcc\",\"postId\":\"military-lead\",\"appointedBy\":\"Secretary of War\",\"appointee\":{\"name\":\"Patrick Frank\",\"titleOrRank\":\"Lieutenant General\",\"nationality\":\"USA\",\"service\":\"MILITARY\"}}");
        command("coordinator", "establish-command-structure", "{\"structureId\":\"isf-hq\",\"name\":\"ISF HQ\",\"leadNation\":\"USA\",\"location\":\"Gaza\"}");
        command("coordinator", "establish-post", "{\"structureId\":\"isf-hq\",\"postId\":\"sector-south\",\"title\":\"Sector South\",\"line\":\"MILITARY\",\"appointingAuthority\":\"Force Commander\"}");
        command("coordinator", "establish-force", "{\"forceId\":\"isf\",\"name\":\"ISF\",\"politicalAuthority\":\"Board of Peace\",\"leadNation\":\"USA\",\"commandModel\":\"LEAD_NATION\",\"plannedStrength\":20000,\"mandateId\":\"gaza-isf-mandate\"}");
        for (String nation : new String[] {"idn", "aze", "qat"}) {
            command("liaison-" + nation, "join-force", "{\"contributionId\":\"isf-" + nation + "\",\"forceId\":\"isf\",\"nation\":\"" + nation.toUpperCase()
                    + "\",\"units\":[{\"requirementLine\":\"infantry\",\"type\":\"Infantry\",\"personnel\":1000}],\"readiness\":\"L2\","
                    + "\"conditions\":[{\"type\":\"MANDATE_REQUIRED\"}],\"authorityOffered\":\"OPCON\"}");
        }
        command("registrar", "authorize-mandate", "{\"mandateId\":\"gaza-isf-mandate\",\"effectiveAt\":\"2025-11-17\",\"instrument\":{\"issuingBody\":\"UN_SECURITY_COUNCIL\","
                + "\"symbol\":\"S/RES/2803 (2025)\",\"adoptedOn\":\"2025-11-17\",\"vote\":{\"inFavour\":13,\"against\":0,\"abstentions\":2}},\"charterBasis\":\"NOT_STATED\","
                + "\"authorizedEntities\":[\"ISF\"],\"tasks\":[\"Stabilize\"],\"useOfForce\":\"ALL_NECESSARY_MEASURES\",\"troopCeiling\":20000,"
                + "\"effectiveFrom\":\"2025-11-17\",\"expiresOn\":\"2099-12-31\"}");
        command("coordinator", "issue-rules-of-engagement", "{\"forceId\":\"isf\",\"version\":1,\"profileId\":\"ISF-ROE\",\"ruleNumbers\":[\"1.1\"],\"issuingAuthority\":\"FC\",\"effectiveFrom\":\"2025-12-01\",\"useOfForce\":\"SELF_DEFENCE_ONLY\"}");
        // the pledge becomes OFFERED through the ledger's mandate policy: wait for it before committing
        Awaitility.await("IDN's pledge OFFERED").atMost(30, SECONDS).pollDelay(Duration.ZERO).pollInterval(100, MILLISECONDS)
                .until(() -> get(ledgerPort, "/api/v1/forces/isf/roster").contains("\"nation\":\"IDN\",\"state\":\"OFFERED\""));
        command("liaison-idn", "acknowledge-rules-of-engagement", "{\"contributionId\":\"isf-idn\",\"version\":1}");
        command("liaison-idn", "commit-contribution", "{\"contributionId\":\"isf-idn\",\"personnel\":1000}");
        // suspended while a caveat is reviewed, then resumed: the commitment comes back with the pledge
        command("liaison-idn", "declare-caveat", "{\"contributionId\":\"isf-idn\",\"caveatId\":\"no-night-ops\",\"kind\":\"TIME\",\"description\":\"Daylight only\"}");
        command("coordinator", "suspend-contribution", "{\"contributionId\":\"isf-idn\",\"reason\":\"Caveat under review\",\"caveatId\":\"no-night-ops\"}");
        command("liaison-idn", "lift-caveat", "{\"contributionId\":\"isf-idn\",\"caveatId\":\"no-night-ops\"}");
        command("coordinator", "resume-contribution", "{\"contributionId\":\"isf-idn\",\"reason\":\"Caveat lifted\"}");
        // and one left suspended, for an investigation
        command("coordinator", "suspend-contribution", "{\"contributionId\":\"isf-qat\",\"reason\":\"Investigation opened\"}");
        command("coordinator", "transfer-authority", "{\"contributionId\":\"isf-idn\",\"authority\":\"OPCON\",\"structureId\":\"isf-hq\",\"postId\":\"sector-south\"}");
        command("coordinator", "issue-rules-of-engagement", "{\"forceId\":\"isf\",\"version\":2,\"profileId\":\"ISF-ROE\",\"ruleNumbers\":[\"1.1\",\"2.1\"],\"issuingAuthority\":\"FC\",\"effectiveFrom\":\"2026-01-15\",\"useOfForce\":\"SELF_DEFENCE_ONLY\"}");

        // both sides are eventually consistent: wait until the ledger's roster, its timeline and the board agree
        // and nothing more is on its way (the ledger's policies have finished reacting): all of it holds for 1.5 s
        Map<String, String> ledgerStates = new HashMap<>();
        Map<String, String> boardStates = new HashMap<>();
        AtomicReference<JsonNode> boardSeen = new AtomicReference<>();
        Awaitility.await("the ledger's roster, its timeline and the board agree").atMost(60, SECONDS).pollInterval(200, MILLISECONDS)
                .during(1500, MILLISECONDS).until(() -> {
                    ledgerStates.clear();
                    JSON.readTree(get(ledgerPort, "/api/v1/forces/isf/roster")).get("rows")
                            .forEach(r -> ledgerStates.put(r.get("contributionId").asText(), r.get("state").asText()));
                    JsonNode now = JSON.readTree(get(port, "/api/v1/board?forceId=isf"));
                    boardSeen.set(now);
                    boardStates.clear();
                    now.forEach(r -> boardStates.put(r.get("contribution_id").asText(), r.get("state").asText()));
                    return "DEPLOYED".equals(ledgerStates.get("isf-idn")) && boardStates.equals(ledgerStates)
                            && jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class) == countEvents();
                });
        JsonNode board = boardSeen.get();
        assertThat(boardStates).isEqualTo(ledgerStates).containsEntry("isf-idn", "DEPLOYED").containsEntry("isf-aze", "OFFERED")
                .containsEntry("isf-qat", "SUSPENDED");
        // personnel survive the suspension and resumption as on the ledger's roster
        JsonNode idnRow = null;
        for (JsonNode row : board) {
            if (row.get("contribution_id").asText().equals("isf-idn")) {
                idnRow = row;
            }
        }
        assertThat(idnRow).isNotNull();
        assertThat(idnRow.get("committed_personnel").asInt()).as("isf-idn's committed personnel on the board").isEqualTo(1000);
        assertThat(idnRow.get("deployed_personnel").asInt()).as("isf-idn's deployed personnel on the board").isEqualTo(1000);

        JsonNode holders = JSON.readTree(get(port, "/api/v1/office-holders"));
        assertThat(holders).hasSize(1);
        assertThat(holders.get(0).get("name").asText()).isEqualTo("Patrick Frank");
        JsonNode alerts = JSON.readTree(get(port, "/api/v1/alerts"));
        assertThat(alerts.toString()).contains("ROE_ACKNOWLEDGEMENT_OUTSTANDING", "isf-idn");

        // a duplicate on the wire: the same CloudEvent again
        long processed = jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class);
        ConsumerRecord<String, byte[]> any = firstRecord();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> duplicate = new ProducerRecord<>(any.topic(), any.key(), any.value());
            any.headers().forEach(h -> duplicate.headers().add(h));
            producer.send(duplicate).get();
        }
        Awaitility.await("nothing more processed for 2 s").atMost(10, SECONDS).pollInterval(100, MILLISECONDS).during(2, SECONDS)
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class) == processed);
        assertThat(JSON.readTree(get(port, "/api/v1/board?forceId=isf"))).isEqualTo(board);

        // a rebuild from the beginning of the topic ends where it was
        HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rebuild")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode rebuilt = await("/api/v1/board?forceId=isf", b -> b.size() == 3
                && jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class) == processed);
        assertThat(rebuilt).isEqualTo(board);
    }

    /** Every event in the ledger's store, from its audit log (policies may still be adding some). */
    long countEvents() throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledgerPort + "/api/v1/audit/events?limit=1000"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("auditor:auditor".getBytes())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return JSON.readTree(body).get("events").size();
    }

    ConsumerRecord<String, byte[]> firstRecord() {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", BROKER.getBrokersAsString());
        config.put("group.id", "probe-" + System.nanoTime());
        config.put("auto.offset.reset", "earliest");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(config,
                new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(java.util.List.of("coordination-ledger.events.v2"));
            // Kafka's own poll loop, not a wait for a condition: poll() blocks up to 200 ms for records
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record on the topic");
    }
}
