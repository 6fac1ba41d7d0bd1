package org.coordination.ledger.subscriber;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.coordination.ledger.contract.merkle.Checkpoint;
import org.coordination.ledger.contract.merkle.MerkleHash;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The reference subscriber as a witness of the ledger's Merkle log, on a real broker with the ledger's real jar: it
 * accepts every checkpoint the ledger announces, finds every event it applied in a signed checkpoint, and refuses,
 * with its reason and an alert, what a hostile party puts on the checkpoint topic: a checkpoint signed by another key,
 * a fork signed by the ledger's own key (two roots for one size), a rewritten history; and it flags an event on the
 * events topic that no signed checkpoint contains. After all that it goes on accepting the ledger's checkpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WitnessIT {

    static final EmbeddedKafkaKraftBroker BROKER = SubscriberIT.broker();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SIGNER = NoteKeys.generateSigner("ledger.example/witness-it");
    static final NoteKeys.Signer LEDGER_KEY = NoteKeys.signer(SIGNER);
    static final String CHECKPOINTS = "coordination-ledger.checkpoints.v1";
    static Process ledger;
    static int ledgerPort;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "witness-pg-");
        registry.add("subscriber.embedded-postgres.data-directory", data::toString);
        registry.add("subscriber.embedded-postgres.port", () -> "0");
        registry.add("spring.kafka.bootstrap-servers", BROKER::getBrokersAsString);
        registry.add("subscriber.witness.log-keys", () -> LEDGER_KEY.verifier().text());
        registry.add("subscriber.witness.grace", () -> "2s");
    }

    @BeforeAll
    static void startTheLedger() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            ledgerPort = socket.getLocalPort();
        }
        Path key = Files.writeString(Files.createTempDirectory(Path.of("target"), "witness-key-").resolve("signer.key"), SIGNER);
        ledger = Processes.startLedger(ledgerPort, BROKER.getBrokersAsString(), "witness", Map.of("LEDGER_LOG_ORIGIN", "ledger.example/witness-it",
                "LEDGER_CHECKPOINT_KEY_FILES", key.toString(), "LEDGER_CHECKPOINT_INTERVAL", "300ms", "LEDGER_CHECKPOINT_POLL", "100ms"));
        Processes.awaitUp(ledgerPort); // or see target/witness-ledger-process.log
    }

    @AfterAll
    static void stop() throws InterruptedException {
        Processes.stopGracefully(ledger);
        BROKER.destroy();
    }

    @LocalServerPort
    int port;

    JsonNode await(String path, Predicate<JsonNode> expected) {
        return Awaitility.await(path + " showing what was expected").atMost(60, SECONDS).pollDelay(java.time.Duration.ZERO)
                .pollInterval(100, MILLISECONDS).until(() -> JSON.readTree(SubscriberIT.get(port, path)), expected);
    }

    static String auditorGet(int port, String path) throws Exception {
        return SubscriberIT.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("auditor:auditor".getBytes())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    static void establish(String id) throws Exception {
        java.net.http.HttpResponse<String> response = SubscriberIT.HTTP.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + ledgerPort + "/api/v1/commands/establish-command-structure"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("coordinator:coordinator".getBytes()))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"structureId\":\"" + id
                        + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /**
     * The witness's report once every event the ledger stored is applied and in a signed checkpoint it accepted. The
     * count comes from the event store, not from the Merkle log's size, which lags it: a witness caught up with a
     * lagging log would accept one more checkpoint later, and the forgeries below are sized against the last.
     */
    JsonNode allWitnessed() throws Exception {
        long stored = JSON.readTree(auditorGet(ledgerPort, "/api/v1/audit/events?limit=1000")).get("events").size();
        return await("/api/v1/witness", w -> w.get("eventsInSignedLog").asLong() == stored
                && w.path("latestCheckpoint").path("treeSize").asLong() == stored);
    }

    static void announce(ObjectNode announcement) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.getBrokersAsString()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(CHECKPOINTS, "ledger.example/witness-it", announcement.toString())).get();
        }
    }

    @Test
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
        JsonNode ledgerCheckpoint = JSON.readTree(auditorGet(ledgerPort, "/api/v1/audit/log/checkpoints/" + accepted));
        assertThat(ledgerCheckpoint.get("rootHash").asText()).as("the witness holds the ledger's root").isEqualTo(acceptedRoot);

        // the chain so far, saved from the topic, checked offline by the ledger's jar with the verifier key alone
        Path clean = Files.write(Files.createTempDirectory(Path.of("target"), "witness-chain-").resolve("clean.jsonl"), checkpointRecords());
        assertThat(verifyChain(clean)).startsWith("0 ").contains("CHAIN INTACT");

        NoteKeys.Signer mallory = NoteKeys.signer(NoteKeys.generateSigner("ledger.example/witness-it"));
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
        assertThat(SubscriberIT.get(port, "/api/v1/alerts")).contains("CHECKPOINT_REFUSED", "the log forked");

        // an event no signed checkpoint will contain, on the events topic
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", BROKER.getBrokersAsString()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> forged = new ProducerRecord<>("coordination-ledger.events.v2", "CommandStructure:forged", "{}".getBytes());
            forged.headers().add("ce_id", "forged-event".getBytes()).add("ce_type", "org.coordination.ledger.Forged.v1".getBytes())
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
        Process verify = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                Path.of("..", "ledger", "target", "ledger-0.1.0.jar").toString(), "verify", "--log-key", LEDGER_KEY.verifier().text(),
                "--checkpoints", file.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verify.waitFor(60, SECONDS)).isTrue();
        return verify.exitValue() + " " + output;
    }

    static ObjectNode announcement(long treeSize, byte[] root, NoteKeys.Signer signer, long previous, List<byte[]> proof, List<byte[]> leaves) {
        HexFormat hex = HexFormat.of();
        ObjectNode message = JSON.createObjectNode();
        message.put("origin", "ledger.example/witness-it").put("treeSize", treeSize).put("rootHash", hex.formatHex(root))
                .put("note", new Checkpoint("ledger.example/witness-it", treeSize, root, Instant.now()).sign(List.of(signer)))
                .put("previousTreeSize", previous);
        var proofArray = message.putArray("consistencyProof");
        proof.forEach(hash -> proofArray.add(hex.formatHex(hash)));
        var leafArray = message.putArray("leafHashes");
        leaves.forEach(hash -> leafArray.add(hex.formatHex(hash)));
        return message;
    }
}
