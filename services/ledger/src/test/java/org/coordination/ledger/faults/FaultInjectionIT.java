package org.coordination.ledger.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.coordination.ledger.faults.CommandLoad.Answer;
import org.coordination.ledger.faults.LedgerInvariants.Figures;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.JarRun;
import org.coordination.ledger.testsupport.TcpForwarder;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An operator's bad day, on the ledger's real jar and a real PostgreSQL server process: the service
 * killed with SIGKILL under load, PostgreSQL restarted, crashed and its backends terminated under load,
 * two instances on one database taking conflicting commands, and the network to PostgreSQL cut under
 * load. After each, every acknowledged command is stored exactly once, nothing refused is stored, every
 * stream is dense, every running total equals its events, the chain verifies, the read models equal a
 * rebuild, and no answer was a 5xx but 503.
 * The figures of each run are printed and appended to target/faults/figures.txt (docs/reliability.md).
 */
class FaultInjectionIT {

    static final int CLIENTS = 6;

    @Test
    void theServiceKilledWithSigkillUnderLoadLosesAndDuplicatesNothing() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(EmbeddedLedgerDatabase.freshDataDirectory(), JarRun.freePort());
             LedgerProcess ledger = LedgerProcess.start("sigkill", postgres.jdbcUrl())) {
            CommandLoad load = new CommandLoad("k", attempt -> ledger.baseUrl());
            load.setUp();
            load.start(CLIENTS);
            int cycles = 3;
            for (int cycle = 0; cycle < cycles; cycle++) {
                Thread.sleep(2500);
                ledger.kill();
                Thread.sleep(500);
                ledger.restart();
            }
            Thread.sleep(2000);
            load.stop();
            check("SIGKILL x" + cycles, postgres.jdbc(), ledger.baseUrl(), load);
        }
    }

    @Test
    void postgresRestartedCrashedAndItsBackendsTerminatedUnderLoadDamageNothing() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(EmbeddedLedgerDatabase.freshDataDirectory(), JarRun.freePort());
             LedgerProcess ledger = LedgerProcess.start("postgres-faults", postgres.jdbcUrl())) {
            CommandLoad load = new CommandLoad("p", attempt -> ledger.baseUrl());
            load.setUp();
            load.start(CLIENTS);
            Thread.sleep(2000);
            postgres.restart();
            Thread.sleep(2000);
            postgres.crashAndRecover();
            Thread.sleep(2000);
            int terminated = 0;
            for (long end = System.nanoTime() + 8_000_000_000L; System.nanoTime() < end; ) {
                terminated += postgres.terminateBackends();
                Thread.sleep(20);
            }
            System.out.println("FAULT-INJECTION backends terminated: " + terminated);
            Thread.sleep(2000);
            load.stop();
            check("PostgreSQL restart + crash + " + terminated + " backends terminated", postgres.jdbc(), ledger.baseUrl(), load);
        }
    }

    @Test
    void twoInstancesOnOneDatabaseTakingConflictingCommandsStayConsistent() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(EmbeddedLedgerDatabase.freshDataDirectory(), JarRun.freePort());
             LedgerProcess first = LedgerProcess.start("instance-1", postgres.jdbcUrl());
             LedgerProcess second = LedgerProcess.start("instance-2", postgres.jdbcUrl())) {
            List<LedgerProcess> instances = List.of(first, second);
            // every attempt goes to the other instance than the one before: the same aggregates, from both sides
            CommandLoad load = new CommandLoad("t", attempt -> instances.get(Math.floorMod(attempt, 2)).baseUrl());
            load.setUp();
            load.start(CLIENTS);

            // one idempotency key sent to both instances at once: one command, one answer
            for (int i = 0; i < 10; i++) {
                String body = "{\"structureId\":\"fi-s0\",\"nation\":\"USA\",\"personnel\":1,\"role\":\"t-both-" + i + "\"}";
                int n = i;
                CompletableFuture<Answer> one = CompletableFuture.supplyAsync(() -> load.send(0, "coordinator", "attach-staff", body, "both-" + n));
                CompletableFuture<Answer> other = CompletableFuture.supplyAsync(() -> load.send(1, "coordinator", "attach-staff", body, "both-" + n));
                Answer a = one.get(), b = other.get();
                assertThat(a.status()).as(a.body()).isEqualTo(200);
                assertThat(b.status()).as(b.body()).isEqualTo(200);
                assertThat(a.json().get("events")).isEqualTo(b.json().get("events"));
            }
            Thread.sleep(10_000);
            load.stop();
            JdbcTemplate jdbc = postgres.jdbc();
            long retried = new LedgerInvariants(jdbc).retriedConflicts(first.baseUrl()) + new LedgerInvariants(jdbc).retriedConflicts(second.baseUrl());
            System.out.println("FAULT-INJECTION two instances: commands decided again after losing a race: " + retried);
            assertThat(retried).as("the instances did race for the same streams").isPositive();
            assertThat(new LedgerInvariants(jdbc).markersStored()).as("each key once").containsEntry("t-both-0", 1).containsEntry("t-both-9", 1);
            // both instances up: the rebuild is asked of the first; whichever runs the read models carries it out
            check("two instances, conflicting commands", jdbc, first.baseUrl(), load);
        }
    }

    /**
     * Packets between the service and PostgreSQL stop for longer than a client waits for an answer (12 s here), without a
     * connection being reset: a command's transaction waits at most its network timeout for PostgreSQL (2 s here,
     * {@code LEDGER_DB_COMMAND_NETWORK_TIMEOUT}) and the pool its connection timeout for a connection (2 s here), so every
     * request is answered, with a 503 while the network is cut (the longest answer seen was about 6 s). Without the bound, the requests in flight waited for as long as
     * the partition lasted and got no answer. Once the network is back, the ledger carries on and nothing is damaged:
     * what was sent during the partition and never committed is rolled back when its connection's close gets through.
     */
    @Test
    void aNetworkPartitionBetweenTheServiceAndPostgresLeavesNoRequestUnansweredAndDamagesNothing() throws Exception {
        int postgresPort = JarRun.freePort();
        try (PostgresServer postgres = PostgresServer.start(EmbeddedLedgerDatabase.freshDataDirectory(), postgresPort);
             TcpForwarder network = new TcpForwarder()) {
            network.forwardTo("localhost", postgresPort);
            try (LedgerProcess ledger = LedgerProcess.start("partition", "jdbc:postgresql://localhost:" + network.port() + "/postgres",
                    // the pool's own waits shortened too (a connection 2 s, a check of an idle one 1 s), so that the longest
                    // answer, the steps of a request added up, stays well inside the clients' 12 s on a slow machine
                    Map.of("LEDGER_DB_COMMAND_NETWORK_TIMEOUT", "2s", "SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", "2000",
                            "SPRING_DATASOURCE_HIKARI_VALIDATIONTIMEOUT", "1000"))) {
                CommandLoad load = new CommandLoad("n", attempt -> ledger.baseUrl(), Duration.ofSeconds(12));
                load.setUp();
                load.start(CLIENTS);
                Thread.sleep(3000);
                network.partition();
                Thread.sleep(15_000); // longer than the clients' 12 s: a request held for the whole partition would go unanswered
                Map<Integer, Integer> duringPartition = load.statuses();
                network.heal();
                Thread.sleep(3000);
                load.stop();
                System.out.println("FAULT-INJECTION network partition: answers by status " + load.statuses() + ", the longest wait for one "
                        + load.longestAnswer().toMillis() + " ms");
                assertThat(duringPartition).as("answered while the network was cut").containsKey(503);
                assertThat(load.statuses()).as("no request waited past the client's 12 s for an answer").doesNotContainKey(0);
                check("network partition of 15 s", postgres.jdbc(), ledger.baseUrl(), load);
            }
        }
    }

    static void check(String scenario, JdbcTemplate jdbc, String baseUrl, CommandLoad load) throws Exception {
        LedgerInvariants invariants = new LedgerInvariants(jdbc);
        Figures figures = invariants.figures(load.results(), load.statuses());
        record(scenario, figures);
        LedgerInvariants.assertClean(scenario, figures);
        assertThat(invariants.secondIncumbents()).as("one incumbent per post").isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE '%.LeadAppointed'", Long.class))
                .as("leads were appointed, so the check above had something to check").isPositive();

        JsonNode verified = invariants.verify(baseUrl);
        assertThat(verified.get("intact").asBoolean()).as(verified.toString()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry e WHERE NOT EXISTS "
                + "(SELECT 1 FROM timeline_entry t WHERE t.global_index = e.global_index AND t.event_id = e.event_identifier)", Long.class))
                .as("events without their timeline row, which the store writes in the event's transaction").isZero();

        Map<String, String> live = invariants.caughtUpReadModels();
        Map<String, String> liveDocuments = invariants.readModelDocuments();
        invariants.rebuild(baseUrl);
        assertThat(invariants.checksums()).as("read models equal a rebuild from the first event; documents that differ (live, rebuilt): %s",
                LedgerInvariants.differences(liveDocuments, invariants.readModelDocuments())).isEqualTo(live);
    }

    private static void record(String scenario, Figures figures) throws IOException {
        Path file = Path.of("target", "faults", "figures.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, scenario + ": " + figures + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
