package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The physical limit of the store: one event per transaction into a table shaped like the event store
 * (dense global index, unique aggregate/sequence, bytea payload and metadata of the ledger's sizes),
 * with plain JDBC and nothing else, at 1, 8 and 32 connections; then the rate of reading every event
 * back in global order.
 */
final class RawAppendBenchmark {

    static final String TABLE = """
            CREATE TABLE raw_event (
                global_index         BIGSERIAL PRIMARY KEY,
                event_identifier     VARCHAR(255) NOT NULL UNIQUE,
                aggregate_identifier VARCHAR(255) NOT NULL,
                sequence_number      BIGINT       NOT NULL,
                time_stamp           VARCHAR(255) NOT NULL,
                payload_type         VARCHAR(255) NOT NULL,
                payload              BYTEA        NOT NULL,
                meta_data            BYTEA,
                UNIQUE (aggregate_identifier, sequence_number)
            )""";

    // about the size of the ledger's StaffAttached payload and provenance metadata
    private static final byte[] PAYLOAD = ("{\"structureId\":\"bench-structure-0001\",\"nation\":\"IDN\",\"personnel\":5,"
            + "\"role\":\"Center staff\",\"nationTotal\":105}").getBytes(StandardCharsets.UTF_8);
    private static final byte[] META_DATA = ("{\"principal\":\"coordinator\",\"role\":\"COORDINATOR\",\"recordedAt\":\"2026-11-25T17:00:00.123456Z\","
            + "\"effectiveAt\":\"2026-11-25T17:00:00.123456Z\",\"correlationId\":\"" + UUID.randomUUID() + "\",\"causationId\":\""
            + UUID.randomUUID() + "\",\"traceId\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);

    private final BenchPostgres postgres;

    RawAppendBenchmark(BenchPostgres postgres) {
        this.postgres = postgres;
    }

    ObjectNode run(List<Integer> connectionCounts, Duration perLevel) throws Exception {
        postgres.createDatabase("raw");
        try (Connection connection = postgres.connect("raw"); Statement statement = connection.createStatement()) {
            statement.execute(TABLE);
        }
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ObjectNode appends = result.putObject("appends");
        for (int connections : connectionCounts) {
            ObjectNode level = append(connections, perLevel);
            appends.set(String.valueOf(connections), level);
            Console.info("raw append, %2d connections: %,.0f events/s (p99 %.2f ms)", connections,
                    level.get("events_per_second").asDouble(), level.get("latency").get("p99_ms").asDouble());
        }
        return result;
    }

    private ObjectNode append(int connections, Duration duration) throws Exception {
        AtomicLong appended = new AtomicLong();
        Latencies latencies = new Latencies();
        List<Thread> writers = new ArrayList<>();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Exception> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int w = 0; w < connections; w++) {
            String aggregatePrefix = "raw-" + connections + "-" + w + "-";
            Thread writer = new Thread(() -> {
                try (Connection connection = postgres.connect("raw");
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO raw_event (event_identifier, aggregate_identifier, "
                             + "sequence_number, time_stamp, payload_type, payload, meta_data) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    connection.setAutoCommit(false);
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        long begin = System.nanoTime();
                        // 64 aggregates per writer, a new sequence number each round, like many small streams
                        insert.setString(1, UUID.randomUUID().toString());
                        insert.setString(2, aggregatePrefix + (n % 64));
                        insert.setLong(3, n / 64);
                        insert.setString(4, "2026-11-25T17:00:00.123456Z");
                        insert.setString(5, "org.coordination.ledger.contract.structure.StaffAttached");
                        insert.setBytes(6, PAYLOAD);
                        insert.setBytes(7, META_DATA);
                        insert.executeUpdate();
                        connection.commit();
                        latencies.record(System.nanoTime() - begin);
                        appended.incrementAndGet();
                        n++;
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "raw-writer-" + w);
            writers.add(writer);
            writer.start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ObjectNode level = JsonNodeFactory.instance.objectNode();
        level.put("connections", connections);
        level.put("events", appended.get());
        level.put("events_per_second", Math.round(appended.get() / seconds));
        level.set("latency", latencies.toJson());
        return level;
    }

    /** Reads every event of {@code table} in global order, payload and metadata included, as a projection would. */
    static ObjectNode stream(BenchPostgres postgres, String database, String table) throws SQLException {
        try (Connection connection = postgres.connect(database)) {
            connection.setAutoCommit(false); // a cursor, not the whole table in memory
            long start = System.nanoTime();
            long rows = 0;
            long bytes = 0;
            try (PreparedStatement select = connection.prepareStatement("SELECT global_index, event_identifier, aggregate_identifier, "
                    + "sequence_number, time_stamp, payload_type, payload, meta_data FROM " + table + " ORDER BY global_index")) {
                select.setFetchSize(5000);
                try (ResultSet result = select.executeQuery()) {
                    while (result.next()) {
                        rows++;
                        bytes += result.getBytes(7).length + result.getBytes(8).length + result.getString(2).length();
                    }
                }
            }
            connection.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("events", rows);
            node.put("bytes", bytes);
            node.put("seconds", Latencies.round(seconds));
            node.put("events_per_second", Math.round(rows / seconds));
            return node;
        }
    }
}
