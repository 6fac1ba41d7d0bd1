package org.coordination.ledger.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@code LEDGER_AXON_MONITORS=true} adds Axon's per-message monitors, tagged by processor and payload type. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "LEDGER_AXON_MONITORS=true")
@AutoConfigureObservability(tracing = false)
class AxonMonitorsIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void axonsMonitorsCountEachProcessorsEventsByType() {
        LedgerClient ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"axon-monitors\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ledger.get("operator", "/actuator/prometheus").body())
                .contains("eventProcessor_successCounter_total{payloadType=\"CommandStructureEstablished\",processorName=\"read-models\"}")
                .contains("commandBus_successCounter_total{payloadType=\"EstablishCommandStructure\"}"));
    }
}
