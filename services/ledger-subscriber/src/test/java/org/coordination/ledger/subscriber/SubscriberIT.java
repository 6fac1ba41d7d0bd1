package org.coordination.ledger.subscriber;

import static org.coordination.ledger.subscriber.Processes.awaitUp;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.coordination.ledger.contract.merkle.Checkpoint;
import org.coordination.ledger.contract.merkle.MerkleHash;
import org.coordination.ledger.contract.merkle.NoteKeys;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
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
 * <p>
 * The same subscriber is a witness of the ledger's Merkle log: it accepts every checkpoint the ledger
 * announces, finds every event it applied in a signed checkpoint, and refuses, with its reason and an
 * alert, what a hostile party puts on the checkpoint topic: a checkpoint signed by another key, a fork
 * signed by the ledger's own key (two roots for one size), a rewritten history; and it flags an event on
 * the events topic that no signed checkpoint contains. After all that it goes on accepting the ledger's
 * checkpoints.
 * <p>
 * And one trace runs across both services: a client's request to the ledger (tracing on, nothing exported) names a
 * trace in its {@code traceparent}; the ledger continues it through the command and its publisher, and puts its
 * publisher's span on the Kafka record; this subscriber (tracing on, spans caught in memory) applies the record in a
 * span of the same trace, a child of the ledger's publisher span.
 * <p>
 * The three share one broker, ledger and subscriber (each costs seconds to start). The trace comes first, while its
 * command is the only one; the witness's forgeries come last, since a forged event on the events topic is one the
 * ledger never stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.tracing.enabled=true")
@AutoConfigureObservability(metrics = false, tracing = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SubscriberIT {

    static final EmbeddedKafkaKraftBroker BROKER = InProcessSubscriber.broker(6);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ORIGIN = "ledger.example/subscriber-it";
    static final String SIGNER = NoteKeys.generateSigner(ORIGIN);
    static final NoteKeys.Signer LEDGER_KEY = NoteKeys.signer(SIGNER);
    static final String CHECKPOINTS = "coordination-ledger.checkpoints.v1";
    static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    static Process ledger;
    static int ledgerPort;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        InProcessSubscriber.register(registry, BROKER, "subscriber-pg");
        registry.add("subscriber.witness.log-keys", () -> LEDGER_KEY.verifier().text());
        registry.add("subscriber.witness.grace", () -> "2s");
        registry.add("management.otlp.tracing.export.enabled", () -> "false");
    }

    @TestConfiguration
    static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpans() {
            return InMemorySpanExporter.create();
        }
    }

    @BeforeAll
    static void startTheLedger() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            ledgerPort = socket.getLocalPort();
        }
        Path key = Files.writeString(Files.createTempDirectory(Path.of("target"), "subscriber-key-").resolve("signer.key"), SIGNER);
        ledger = Processes.startLedger(ledgerPort, BROKER.getBrokersAsString(), "subscriber", Map.of("LEDGER_LOG_ORIGIN", ORIGIN,
                "LEDGER_CHECKPOINT_KEY_FILES", key.toString(), "LEDGER_CHECKPOINT_INTERVAL", "300ms", "LEDGER_CHECKPOINT_POLL", "100ms",
                "LEDGER_TRACING_ENABLED", "true", "LEDGER_OTLP_EXPORT", "false"));
        awaitUp(ledgerPort); // or see target/subscriber-ledger-process.log
    }

    @AfterAll
    static void stop() throws InterruptedException {
        Processes.stopGracefully(ledger);
        BROKER.destroy();
    }

    @LocalServerPort
    int port;
    @Value("${spring.kafka.consumer.group-id}")
    String group;
    @Value("${subscriber.topic}")
    String topic;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    InMemorySpanExporter spans;

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

    Optional<SpanData> applied() {
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getTraceId().equals(TRACE_ID) && span.getName().equals("ledger-subscriber apply CommandStructureEstablished.v1"))
                .findFirst();
    }

    @Test
    @Order(1)
    void theSubscriberAppliesTheRecordInTheTraceOfTheRequestThatStoredIt() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ledgerPort
                        + "/api/v1/commands/establish-command-structure"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("coordinator:coordinator".getBytes()))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"structureId\":\"traced\",\"name\":\"Traced\",\"leadNation\":\"USA\",\"location\":\"L\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        Awaitility.await("the subscriber's span in the request's trace").atMost(60, SECONDS).pollInterval(200, MILLISECONDS)
                .until(() -> applied().isPresent());
        SpanData span = applied().orElseThrow();
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getParentSpanContext().isRemote()).as("its parent is the ledger's span, from the record's header").isTrue();
        assertThat(span.getParentSpanId()).as("not the client's span: the ledger's publisher span in between").isNotEqualTo("b7ad6b7169203331");
        List<SpanData> unrelated = spans.getFinishedSpanItems().stream()
                .filter(other -> other.getName().startsWith("ledger-subscriber apply") && !other.getTraceId().equals(TRACE_ID)).toList();
        assertThat(unrelated).as("no record applied in a trace of its own: the one command's record continues its trace").isEmpty();
    }

    @Test
    @Order(2)
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
        HttpResponse<String> rebuilding = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rebuilding.statusCode()).as(rebuilding.body()).isEqualTo(200);
        JsonNode rebuilt = await("/api/v1/board?forceId=isf", b -> b.size() == 3
                && jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class) == processed);
        assertThat(rebuilt).isEqualTo(board);

        // another member in the group takes some partitions: a rebuild here would empty the tables and read again only
        // this instance's partitions, so it is refused and nothing is emptied
        try (KafkaConsumer<String, byte[]> other = new KafkaConsumer<>(Map.of("bootstrap.servers", BROKER.getBrokersAsString(),
                "group.id", group), new StringDeserializer(), new ByteArrayDeserializer())) {
            other.subscribe(List.of(topic));
            Awaitility.await("the other member's partitions").atMost(30, SECONDS).pollInterval(Duration.ZERO)
                    .until(() -> !other.poll(Duration.ofMillis(100)).isEmpty() || !other.assignment().isEmpty());
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/rebuild"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM processed_event", Long.class)).as("nothing emptied").isEqualTo(processed);
        }
    }

    /**
     * The witness's report once every event the ledger stored is applied and in a signed checkpoint it accepted. The
     * count comes from the event store, not from the Merkle log's size, which lags it: a witness caught up with a
     * lagging log would accept one more checkpoint later, and the forgeries below are sized against the last.
     */
    JsonNode allWitnessed() throws Exception {
        long stored = countEvents();
        return await("/api/v1/witness", w -> w.get("eventsInSignedLog").asLong() == stored
                && w.path("latestCheckpoint").path("treeSize").asLong() == stored);
    }

    static void announce(ObjectNode announcement) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.getBrokersAsString()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(CHECKPOINTS, ORIGIN, announcement.toString())).get();
        }
    }

    @Test
    @Order(3)
    void theWitnessAcceptsTheLedgersCheckpointsAndRefusesEveryForgery() throws Exception {
        for (int i = 0; i < 6; i++) {
            establish("witnessed-" + i);
        }
        JsonNode witnessed = allWitnessed();
        assertThat(witnessed.get("refusals")).isEmpty();
        assertThat(witnessed.get("eventsNotYetInSignedLog")).isEmpty();
        assertThat(witnessed.get("eventsApplied").asLong()).isEqualTo(witnessed.get("eventsInSignedLog").asLong());
        long accepted = witnessed.get("latestCheckpoint").get("treeSize").asLong();
        String acceptedRoot = witnessed.get("latestCheckpoint").get("rootHash").asText();
        JsonNode ledgerCheckpoint = JSON.readTree(SubscriberCrashIT.get(ledgerPort, "/api/v1/audit/log/checkpoints/" + accepted, "auditor"));
        assertThat(ledgerCheckpoint.get("rootHash").asText()).as("the witness holds the ledger's root").isEqualTo(acceptedRoot);

        // the chain so far, saved from the topic, checked offline by the ledger's jar with the verifier key alone
        Path clean = Files.write(Files.createTempDirectory(Path.of("target"), "witness-chain-").resolve("clean.jsonl"), checkpointRecords());
        assertThat(verifyChain(clean)).startsWith("0 ").contains("CHAIN INTACT");

        NoteKeys.Signer mallory = NoteKeys.signer(NoteKeys.generateSigner(ORIGIN));
        byte[] otherRoot = MerkleHash.leaf("another history".getBytes(StandardCharsets.UTF_8));
        // another key
        announce(announcement(accepted + 1, otherRoot, mallory, accepted, List.of(), List.of(otherRoot)));
        // a fork, with the ledger's own key: the size already accepted, another root
        announce(announcement(accepted, otherRoot, LEDGER_KEY, accepted - 1, List.of(), List.of(otherRoot)));
        // a rewritten history, with the ledger's own key: a larger tree that does not contain the accepted one
        announce(announcement(accepted + 1, otherRoot, LEDGER_KEY, accepted, List.of(otherRoot), List.of(otherRoot)));
        JsonNode refused = await("/api/v1/witness", w -> w.get("refusals").size() >= 3);
        assertThat(refused.get("refusals").findValuesAsText("refusal")).containsExactlyInAnyOrder("UNTRUSTED", "FORK", "INCONSISTENT");
        assertThat(refused.get("refusals").toString()).contains("not signed by any trusted key", "the log forked", "does not extend the one of " + accepted);
        assertThat(get(port, "/api/v1/alerts")).contains("CHECKPOINT_REFUSED", "the log forked");

        // an event no signed checkpoint will contain, on the events topic
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            // an event the subscriber knows how to apply (one of the ledger's it does not know would be held, not applied)
            ProducerRecord<String, byte[]> forged = new ProducerRecord<>("coordination-ledger.events.v2", "CommandStructure:forged",
                    PollBatchIT.staff("forged").getBytes());
            forged.headers().add("ce_id", "forged-event".getBytes()).add("ce_type", "org.coordination.ledger.StaffAttached.v1".getBytes())
                    .add("ce_hash", HexFormat.of().formatHex(otherRoot).getBytes());
            producer.send(forged).get();
        }
        Thread.sleep(2500); // past the grace
        establish("after-the-forgeries");
        // the ledger's later checkpoints are still accepted
        JsonNode after = await("/api/v1/witness", w -> w.path("latestCheckpoint").path("treeSize").asLong() > accepted
                && w.get("eventsInSignedLog").asLong() == w.get("eventsApplied").asLong() - 1);
        assertThat(after.get("refusals")).hasSize(3);
        assertThat(after.get("eventsNotYetInSignedLog").toString()).isEqualTo("[\"forged-event\"]");
        JsonNode alerts = await("/api/v1/alerts", a -> a.toString().contains("EVENT_NOT_IN_SIGNED_LOG"));
        assertThat(alerts.toString()).contains("forged-event");

        // the whole topic, forgeries included: the offline check refuses the same three and accepts the rest
        Path all = Files.write(clean.resolveSibling("all.jsonl"), checkpointRecords());
        String chain = verifyChain(all);
        assertThat(chain).startsWith("1 ").contains("CHAIN BROKEN: 3 refused", "UNTRUSTED", "FORK", "INCONSISTENT");
    }

    /** Every record of the checkpoint topic, from its beginning, one per line. */
    static List<String> checkpointRecords() {
        try (org.apache.kafka.clients.consumer.KafkaConsumer<String, String> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                Map.of("bootstrap.servers", BROKER.getBrokersAsString()), new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.StringDeserializer())) {
            org.apache.kafka.common.TopicPartition partition = new org.apache.kafka.common.TopicPartition(CHECKPOINTS, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> records = new java.util.ArrayList<>();
            while (consumer.position(partition) < end) {
                consumer.poll(java.time.Duration.ofMillis(500)).forEach(record -> records.add(record.value()));
            }
            return records;
        }
    }

    /** The ledger jar's offline check of a saved chain: its exit status, a space, its output. */
    static String verifyChain(Path file) throws Exception {
        Process verify = new ProcessBuilder(Processes.java(Path.of("..", "ledger", "target", "ledger-0.1.0.jar"), "verify", "--log-key",
                LEDGER_KEY.verifier().text(), "--checkpoints", file.toString())).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, SECONDS)).isTrue();
        return verify.exitValue() + " " + output;
    }

    static ObjectNode announcement(long treeSize, byte[] root, NoteKeys.Signer signer, long previous, List<byte[]> proof, List<byte[]> leaves) {
        HexFormat hex = HexFormat.of();
        ObjectNode message = JSON.createObjectNode();
        message.put("origin", ORIGIN).put("treeSize", treeSize).put("rootHash", hex.formatHex(root))
                .put("note", new Checkpoint(ORIGIN, treeSize, root, Instant.now()).sign(List.of(signer)))
                .put("previousTreeSize", previous);
        var proofArray = message.putArray("consistencyProof");
        proof.forEach(hash -> proofArray.add(hex.formatHex(hash)));
        var leafArray = message.putArray("leafHashes");
        leaves.forEach(hash -> leafArray.add(hex.formatHex(hash)));
        return message;
    }

    /** Every event in the ledger's store, from its audit log (policies may still be adding some). */
    static long countEvents() throws Exception {
        return JSON.readTree(SubscriberCrashIT.get(ledgerPort, "/api/v1/audit/events?limit=1000", "auditor")).get("events").size();
    }

    static void establish(String id) throws Exception {
        command("coordinator", "establish-command-structure", "{\"structureId\":\"" + id + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
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
