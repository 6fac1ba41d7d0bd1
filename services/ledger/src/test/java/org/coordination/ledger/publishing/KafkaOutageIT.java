package org.coordination.ledger.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.TcpForwarder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker is down while commands are accepted: commands keep working, health stays UP with the
 * publisher's lag; once the broker is up, the backlog arrives, every event of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "ledger.kafka.send-timeout-seconds=5")
class KafkaOutageIT {

    /** The ledger's Kafka address: closed until the broker exists, then its bootstrap. */
    static final TcpForwarder KAFKA = forwarder();
    static EmbeddedKafkaKraftBroker broker;

    static TcpForwarder forwarder() {
        try {
            return new TcpForwarder();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        KAFKA.close();
        if (broker != null) {
            broker.destroy();
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
        registry.add("ledger.kafka.bootstrap-servers", () -> "127.0.0.1:" + KAFKA.port());
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + KAFKA.port());
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void commandsWorkWhileTheBrokerIsDownAndTheBacklogArrivesOnceItIsBack() {
        LedgerClient ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        for (int i = 0; i < 30; i++) {
            assertThat(ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}").status())
                    .isEqualTo(200);
        }
        JsonNode health = ledger.await("operator", "/actuator/health",
                h -> h.path("components").path("kafkaPublisher").path("details").path("lag").asLong() == 31);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(ledger.get(null, "/actuator/health/readiness").status()).isEqualTo(200);

        // the broker comes up; the ledger bootstraps through the old address and then talks to it directly
        broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.afterPropertiesSet();
        String[] address = broker.getBrokersAsString().split(",")[0].split(":");
        KAFKA.forwardTo(address[0], Integer.parseInt(address[1]));

        List<ConsumerRecord<String, byte[]>> records = KafkaPublishingIT.consume(broker.getBrokersAsString(), 31, Duration.ofSeconds(90));
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(KafkaPublishingIT.header(r, "ce_id")));
        assertThat(ids).containsExactlyInAnyOrderElementsOf(
                jdbc.queryForList("SELECT event_identifier FROM domain_event_entry", String.class));
        ledger.await("operator", "/actuator/health", h -> h.path("components").path("kafkaPublisher").path("details").path("lag").asLong() == 0);
    }
}
