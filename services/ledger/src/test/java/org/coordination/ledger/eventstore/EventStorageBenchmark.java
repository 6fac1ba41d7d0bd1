package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.coordination.ledger.LedgerApplication;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The measurement behind docs/adr/0001-event-storage.md: Axon's JDBC and JPA storage engines on the
 * same embedded PostgreSQL 17 (fsync on), the same schema and the same event, appending one event per
 * transaction (the shape of a command) from 1 and 8 threads, then loading every aggregate back.
 * Not part of the normal build: {@code ./mvnw -pl services/ledger -am verify -Pbench}.
 */
@Tag("benchmark")
class EventStorageBenchmark {

    static final int AGGREGATES = 200;
    static final int EVENTS_PER_AGGREGATE = 20;
    static final int ROUNDS = 2;

    @Test
    void compareJdbcAndJpaStorageEngines() throws Exception {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("aggregates", AGGREGATES);
        results.put("eventsPerAggregate", EVENTS_PER_AGGREGATE);
        for (int round = 1; round <= ROUNDS; round++) {
            // alternate the order so that neither engine always runs on a warmer machine
            for (String engine : round % 2 == 1 ? List.of("jdbc", "jpa") : List.of("jpa", "jdbc")) {
                results.put(engine + "-round" + round, measure(engine));
            }
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path out = Path.of("target", "benchmarks", "event-storage.json");
        Files.createDirectories(out.getParent());
        json.writeValue(out.toFile(), results);
        System.out.println("EVENT STORAGE BENCHMARK " + json.writeValueAsString(results));
    }

    Map<String, Object> measure(String engine) throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LedgerApplication.class)
                .web(WebApplicationType.NONE)
                .run("--ledger.event-store.engine=" + engine,
                        "--ledger.embedded-postgres.port=0",
                        "--ledger.embedded-postgres.data-directory=" + EmbeddedLedgerDatabase.freshDataDirectory(),
                        "--logging.level.root=WARN")) {
            EventStorageEngine storage = context.getBean(EventStorageEngine.class);
            TransactionManager transactions = context.getBean(TransactionManager.class);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("engineClass", storage.getClass().getSimpleName());

            appendAll(storage, transactions, "warmup", 1); // JIT, pools, caches
            result.put("append1ThreadPerSecond", appendAll(storage, transactions, "a1", 1));
            result.put("append8ThreadsPerSecond", appendAll(storage, transactions, "a8", 8));

            long start = System.nanoTime();
            long events = 0;
            for (int a = 0; a < AGGREGATES; a++) {
                events += storage.readEvents("a1-" + a).asStream().count();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(events).isEqualTo((long) AGGREGATES * EVENTS_PER_AGGREGATE);
            result.put("loadAggregatesPerSecond", Math.round(AGGREGATES / seconds));
            result.put("loadEventsPerSecond", Math.round(events / seconds));

            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Map<String, Object> span = jdbc.queryForMap("SELECT count(*) AS n, max(global_index) - min(global_index) + 1 AS span FROM domain_event_entry");
            result.put("globalIndexGaps", ((Number) span.get("span")).longValue() - ((Number) span.get("n")).longValue());
            return result;
        }
    }

    /** Appends EVENTS_PER_AGGREGATE events to each of AGGREGATES aggregates, one event per transaction. */
    static long appendAll(EventStorageEngine storage, TransactionManager transactions, String prefix, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong appended = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int a = thread; a < AGGREGATES; a += threads) {
                    String aggregate = prefix + "-" + a;
                    for (int seq = 0; seq < EVENTS_PER_AGGREGATE; seq++) {
                        DomainEventMessage<StaffAttached> event = new GenericDomainEventMessage<>("CommandStructure", aggregate, seq,
                                new StaffAttached(StructureId.of(aggregate), Nation.of("USA"), 1, "Center staff", seq + 1),
                                MetaData.with("principal", "coordinator").and("role", "COORDINATOR")
                                        .and("effectiveAt", "2025-10-17T09:00:00Z").and("recordedAt", "2025-10-17T09:00:01Z"));
                        transactions.executeInTransaction(() -> storage.appendEvents(event));
                        appended.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return Math.round(appended.get() / ((System.nanoTime() - start) / 1e9));
    }
}
