package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.EntityManagerFactory;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Axon's JPA engine (the axon-defaults profile, the benchmark's peer) reads and writes streams by kind
 * and id like the JDBC engine: same rows, snapshots included (threshold 2), two kinds under one id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.event-store.engine=jpa", "ledger.snapshots.threshold=2"})
class JpaEngineIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twoKindsUnderOneIdAreTwoStreamsStoredWithTheBareId() {
        LedgerClient ledger = new LedgerClient(port);
        Answer structure = ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"jpa-twin\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}");
        assertThat(structure.status()).as(structure.toString()).isEqualTo(200);
        for (int i = 1; i <= 4; i++) { // past the snapshot threshold: the aggregate is loaded from a snapshot and events
            Answer attached = ledger.command("coordinator", "attach-staff",
                    "{\"structureId\":\"jpa-twin\",\"nation\":\"USA\",\"personnel\":" + i + ",\"role\":\"Staff\"}");
            assertThat(attached.status()).as(attached.toString()).isEqualTo(200);
            assertThat(attached.json().get("version").asLong()).isEqualTo(i);
        }
        Answer coalition = ledger.command("coordinator", "form-humanitarian-coalition", "{\"coalitionId\":\"jpa-twin\","
                + "\"name\":\"Partners\",\"coordinatingStructureId\":\"jpa-twin\",\"membershipCap\":12}");
        assertThat(coalition.status()).as(coalition.toString()).isEqualTo(200);
        assertThat(coalition.json().get("version").asLong()).as("a new stream beside the structure's").isZero();

        assertThat(jdbc.queryForList("SELECT DISTINCT aggregate_identifier FROM domain_event_entry WHERE aggregate_identifier LIKE '%jpa-twin'",
                String.class)).containsExactly("jpa-twin");
        assertThat(jdbc.queryForList("SELECT DISTINCT aggregate_identifier || '/' || type FROM snapshot_event_entry", String.class))
                .containsExactly("jpa-twin/CommandStructure");
        assertThat(ledger.get("auditor", "/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
    }

    /** The JPA engine keeps Spring Boot's JPA (which the JDBC engine goes without) and reads its dead letters where Axon's JPA queue keeps them. */
    @Test
    void theJpaEngineRunsOnJpa(@Autowired ApplicationContext context, @Autowired PlatformTransactionManager transactions,
                               @Autowired DeadLetterTable deadLetters) {
        assertThat(context.getBeanNamesForType(EntityManagerFactory.class)).isNotEmpty();
        assertThat(transactions).isInstanceOf(JpaTransactionManager.class);
        assertThat(deadLetters.name()).isEqualTo(DeadLetterTable.JPA);
        assertThat(new LedgerClient(port).get("auditor", "/api/v1/audit/dead-letters").status()).isEqualTo(200);
    }
}
