package org.coordination.ledger.subscriber;

import static org.coordination.ledger.subscriber.Processes.awaitUp;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The subscriber (its real jar) is killed with SIGKILL in the middle of the stream and started again
 * on the same database: nothing is missed, nothing is applied twice.
 */
class SubscriberCrashIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int EVENTS = 301;

    EmbeddedKafkaKraftBroker broker;
    Process ledger;
    Process subscriber;

    @AfterEach
    void stop() throws InterruptedException {
        Processes.stopGracefully(subscriber, ledger);
        if (broker != null) {
            broker.destroy();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Process start(Path jar, String log, String brokers, String... args) throws Exception {
        assertThat(jar).exists();
        ProcessBuilder builder = new ProcessBuilder(Processes.java(jar, args)).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.appendTo(new File(log)));
        builder.environment().put("LEDGER_KAFKA_BOOTSTRAP_SERVERS", brokers);
        return builder.start();
    }

    static String get(int port, String path) throws Exception {
        return get(port, path, "viewer");
    }

    /** The ledger's health details (the publisher's lag) are shown to operators only. */
    static String get(int port, String path, String user) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes())).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static int command(int port, String command, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/commands/" + command))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("coordinator:coordinator".getBytes()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aSubscriberKilledMidStreamMissesNothingAndAppliesNothingTwice() throws Exception {
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        int ledgerPort = freePort();
        ledger = start(Path.of("..", "ledger", "target", "ledger-0.1.0.jar"), "target/crash-ledger.log", broker.getBrokersAsString(),
                "--server.port=" + ledgerPort, "--ledger.embedded-postgres.port=0",
                "--ledger.embedded-postgres.data-directory=" + Files.createTempDirectory(Path.of("target"), "crash-ledger-"));
        int subscriberPort = freePort();
        Path subscriberData = Files.createTempDirectory(Path.of("target"), "crash-subscriber-");
        // the killed consumer stays a member of the group until its session times out, and the restarted one cannot join
        // before that: Kafka's default of 45 s was most of this test's minute. The broker's least, 6 s, takes it out sooner
        // (what is redelivered after the kill does not depend on how soon)
        String[] subscriberArgs = {"--server.port=" + subscriberPort, "--subscriber.embedded-postgres.port=0",
                "--subscriber.embedded-postgres.data-directory=" + subscriberData,
                "--spring.kafka.consumer.properties.session.timeout.ms=6000", "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000"};
        Path subscriberJar = Path.of("target", "ledger-subscriber-0.1.0.jar");
        subscriber = start(subscriberJar, "target/crash-subscriber.log", broker.getBrokersAsString(), subscriberArgs);
        awaitUp(ledgerPort);
        awaitUp(subscriberPort);

        assertThat(command(ledgerPort, "establish-command-structure",
                "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}")).isEqualTo(200);
        CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 1; i < EVENTS; i++) {
                    assertThat(command(ledgerPort, "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}")).isEqualTo(200);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        await("the subscriber mid-stream").atMost(60, SECONDS).pollDelay(Duration.ZERO).pollInterval(20, MILLISECONDS)
                .until(() -> JSON.readTree(get(subscriberPort, "/api/v1/status")).get("processedEvents").asLong() >= 40);
        subscriber.destroyForcibly().waitFor(); // SIGKILL, mid-stream
        load.get();

        subscriber = start(subscriberJar, "target/crash-subscriber.log", broker.getBrokersAsString(), subscriberArgs);
        awaitUp(subscriberPort);
        JsonNode status = await("every event processed after the restart").atMost(90, SECONDS).pollInterval(200, MILLISECONDS)
                .until(() -> JSON.readTree(get(subscriberPort, "/api/v1/status")), now -> now.get("processedEvents").asLong() >= EVENTS);
        assertThat(status.get("processedEvents").asLong()).isEqualTo(EVENTS);
        JsonNode cmcc = status.get("streams").get(0);
        assertThat(cmcc.get("aggregate_type").asText()).isEqualTo("CommandStructure");
        assertThat(cmcc.get("aggregate_id").asText()).isEqualTo("cmcc");
        assertThat(cmcc.get("applied").asLong()).as("applied once each").isEqualTo(EVENTS);
        assertThat(cmcc.get("last_sequence").asLong()).isEqualTo(EVENTS - 1);
        assertThat(cmcc.get("gaps").asLong()).as("nothing missed").isZero();
        assertThat(JSON.readTree(get(subscriberPort, "/api/v1/alerts")).toString()).doesNotContain("SEQUENCE_GAP");
    }
}
