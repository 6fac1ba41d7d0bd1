package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A command whose transaction PostgreSQL picks as a deadlock's victim (another instance's transaction held
 * what it needed and then waited for what it held) is decided again, as a lost race is: the victim's
 * transaction rolled back whole, so nothing of it was stored. Not a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeadlockIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCommandChosenAsADeadlocksVictimIsDecidedAgainAndAccepted() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"deadlock-1\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status())
                .isEqualTo(200);
        String key = "deadlock-key-1";
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (var statement = other.createStatement()) {
                // the other transaction waits longer before it looks for a deadlock, so the command's is the victim
                statement.execute("SET LOCAL deadlock_timeout = '30s'");
                statement.execute("SELECT 1 FROM ledger_stream_head WHERE aggregate_identifier = 'deadlock-1' FOR UPDATE");
            }
            // the command claims its key, then waits for the stream's head, which the other transaction holds
            CompletableFuture<Answer> attached = CompletableFuture.supplyAsync(() -> ledger.command("coordinator", "attach-staff",
                    "{\"structureId\":\"deadlock-1\",\"nation\":\"USA\",\"personnel\":3}", Map.of("Idempotency-Key", key)));
            await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'",
                    Integer.class) > 0);
            // ... and the other transaction now waits for the command's key: a cycle, which PostgreSQL breaks after
            // a second by aborting the command's transaction
            try (PreparedStatement claim = other.prepareStatement("INSERT INTO idempotency_record "
                    + "(principal, key, command, request_hash, status, response_body) VALUES ('coordinator', ?, 'attach-staff', 'x', 0, '')")) {
                claim.setString(1, key);
                claim.executeUpdate();
            }
            other.rollback(); // the other transaction gives up its lock and its claim; the command's new attempt goes on
            Answer answer = attached.get();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.header("ETag")).isEqualTo("\"1\"");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = 'deadlock-1'", Integer.class))
                .isEqualTo(2);
        assertThat(ledger.command("coordinator", "attach-staff", "{\"structureId\":\"deadlock-1\",\"nation\":\"USA\",\"personnel\":3}",
                Map.of("Idempotency-Key", key)).header("Idempotent-Replayed")).isEqualTo("true");
    }
}
