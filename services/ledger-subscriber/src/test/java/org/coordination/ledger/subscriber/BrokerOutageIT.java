package org.coordination.ledger.subscriber;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.coordination.ledger.subscriber.Processes.awaitUp;
import static org.coordination.ledger.subscriber.SubscriberCrashIT.command;
import static org.coordination.ledger.subscriber.SubscriberCrashIT.freePort;
import static org.coordination.ledger.subscriber.SubscriberCrashIT.get;
import static org.coordination.ledger.subscriber.SubscriberCrashIT.start;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * No broker while the ledger accepts commands (it keeps working, its health UP); then the broker comes
 * up: every event reaches the subscriber, whose view is right and holds each event once.
 */
class BrokerOutageIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int STAFF_COMMANDS = 60;

    TcpForwarder kafka;
    EmbeddedKafkaKraftBroker broker;
    Process ledger;
    Process subscriber;

    @AfterEach
    void stop() throws Exception {
        Processes.stopGracefully(subscriber, ledger);
        if (broker != null) {
            broker.destroy();
        }
        kafka.close();
    }

    @Test
    void theBacklogReachesTheSubscriberOnceTheBrokerIsUp() throws Exception {
        kafka = new TcpForwarder();
        String address = "127.0.0.1:" + kafka.port();
        int ledgerPort = freePort();
        ledger = start(Path.of("..", "ledger", "target", "ledger-0.1.0.jar"), "target/outage-ledger.log", address,
                "--server.port=" + ledgerPort, "--ledger.embedded-postgres.port=0", "--ledger.kafka.send-timeout-seconds=5",
                "--ledger.embedded-postgres.data-directory=" + Files.createTempDirectory(Path.of("target"), "outage-ledger-"));
        awaitUp(ledgerPort);
        assertThat(command(ledgerPort, "establish-command-structure",
                "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}")).isEqualTo(200);
        assertThat(command(ledgerPort, "establish-post", "{\"structureId\":\"cmcc\",\"postId\":\"civilian-lead\",\"title\":\"Civilian lead\","
                + "\"line\":\"CIVILIAN\",\"appointingAuthority\":\"Secretary of State\"}")).isEqualTo(200);
        assertThat(command(ledgerPort, "appoint-lead", "{\"structureId\":\"cmcc\",\"postId\":\"civilian-lead\",\"appointedBy\":\"Secretary of State\","
                + "\"appointee\":{\"name\":\"Steven Fagin\",\"titleOrRank\":\"Ambassador\",\"nationality\":\"USA\",\"service\":\"CIVILIAN\"}}"))
                .isEqualTo(200);
        for (int i = 0; i < STAFF_COMMANDS; i++) {
            assertThat(command(ledgerPort, "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}")).isEqualTo(200);
        }
        JsonNode health = JSON.readTree(get(ledgerPort, "/actuator/health", "operator"));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        long events = STAFF_COMMANDS + 3;
        assertThat(health.path("components").path("kafkaPublisher").path("details").path("lag").asLong()).isEqualTo(events);

        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        String[] real = broker.getBrokersAsString().split(",")[0].split(":");
        kafka.forwardTo(real[0], Integer.parseInt(real[1]));

        int subscriberPort = freePort();
        subscriber = start(Path.of("target", "ledger-subscriber-0.1.0.jar"), "target/outage-subscriber.log", broker.getBrokersAsString(),
                "--server.port=" + subscriberPort, "--subscriber.embedded-postgres.port=0",
                "--subscriber.embedded-postgres.data-directory=" + Files.createTempDirectory(Path.of("target"), "outage-subscriber-"));
        awaitUp(subscriberPort);
        JsonNode status = await("the backlog processed").atMost(120, SECONDS).pollInterval(200, MILLISECONDS)
                .until(() -> JSON.readTree(get(subscriberPort, "/api/v1/status")), now -> now.get("processedEvents").asLong() >= events);
        assertThat(status.get("processedEvents").asLong()).isEqualTo(events);
        JsonNode cmcc = status.get("streams").get(0);
        assertThat(cmcc.get("aggregate_type").asText() + ":" + cmcc.get("aggregate_id").asText()).isEqualTo("CommandStructure:cmcc");
        assertThat(cmcc.get("applied").asLong()).isEqualTo(events);
        assertThat(cmcc.get("gaps").asLong()).isZero();
        JsonNode holders = JSON.readTree(get(subscriberPort, "/api/v1/office-holders"));
        assertThat(holders.get(0).get("name").asText()).isEqualTo("Steven Fagin");
        assertThat(JSON.readTree(get(ledgerPort, "/actuator/health", "operator")).path("components").path("kafkaPublisher").path("details")
                .path("lag").asLong()).isZero();
    }
}
