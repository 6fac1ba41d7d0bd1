package org.coordination.ledger.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.JarRun;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Three instances of the real jar on one PostgreSQL server, commands sent to all of them in turn (as a load
 * balancer would), and the instance that runs the processors killed with SIGKILL under load. Another instance
 * takes every processor over within the documented bound (claim timeout 10 s + claim interval 2 s), and
 * afterwards every acknowledged command is stored once, every stream is dense, one incumbent holds each post,
 * the chain verifies and the read models equal a rebuild (docs/operations.md, "Several instances"). Before
 * the load, six commitments race for a troop ceiling with room for three, through the three instances at once
 * ({@link CeilingRace}).
 */
class ClusterIT {

    /** The documented bound (12 s) and slack for three JVMs and a load on two cores. */
    static final Duration TAKEOVER_BOUND = Duration.ofSeconds(20);

    @Test
    void theProcessorsOwnerKilledUnderLoadIsReplacedWithinTheBoundAndNothingIsLostOrDoubled() throws Exception {
        try (PostgresServer postgres = PostgresServer.start(EmbeddedLedgerDatabase.freshDataDirectory(), JarRun.freePort());
             LedgerProcess first = LedgerProcess.start("cluster-1", postgres.jdbcUrl());
             LedgerProcess second = LedgerProcess.start("cluster-2", postgres.jdbcUrl());
             LedgerProcess third = LedgerProcess.start("cluster-3", postgres.jdbcUrl())) {
            JdbcTemplate jdbc = postgres.jdbc();
            List<LedgerProcess> live = new CopyOnWriteArrayList<>(List.of(first, second, third));
            CommandLoad load = new CommandLoad("c", attempt -> live.get(Math.floorMod(attempt, live.size())).baseUrl());
            load.setUp();
            // conflicting commitments to one force through all three instances at once: the ceiling holds
            CeilingRace ceiling = new CeilingRace(load, jdbc);
            ceiling.setUp();
            ceiling.check();
            load.start(FaultInjectionIT.CLIENTS);
            Thread.sleep(5000);

            Map<String, String> owners = owners(jdbc);
            assertThat(owners).as("every streaming processor claimed").containsKeys("read-models", "policies");
            LedgerProcess owner = live.stream().filter(p -> p.owns(owners.get("read-models"))).findFirst().orElseThrow();
            live.remove(owner);   // the load balancer's health check takes it out
            long killed = System.nanoTime();
            owner.kill();

            // every processor the killed instance held is claimed again, by a live instance
            await().atMost(TAKEOVER_BOUND).pollInterval(Duration.ofMillis(250)).until(() -> owners(jdbc).entrySet().stream()
                    .filter(e -> !e.getKey().equals("read-models-rebuild"))
                    .allMatch(e -> live.stream().anyMatch(p -> p.owns(e.getValue()))));
            long takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("CLUSTER processors taken over " + takeoverMillis + " ms after the SIGKILL; owners now " + owners(jdbc));

            Thread.sleep(5000);
            load.stop();
            long retried = 0;
            for (LedgerProcess instance : live) {
                retried += new LedgerInvariants(jdbc).retriedConflicts(instance.baseUrl());
            }
            System.out.println("CLUSTER commands decided again after losing a race to another instance: " + retried);
            FaultInjectionIT.check("three instances, the processors' owner killed (taken over in " + takeoverMillis + " ms)",
                    jdbc, live.get(0).baseUrl(), load);
        }
    }

    /** Each processor's owner (one segment each), as the token table says; processors without an owner left out. */
    private static Map<String, String> owners(JdbcTemplate jdbc) {
        Map<String, String> owners = new java.util.TreeMap<>();
        jdbc.query("SELECT processor_name, owner FROM token_entry WHERE owner IS NOT NULL",
                row -> {
                    owners.put(row.getString(1), row.getString(2));
                });
        return owners;
    }
}
