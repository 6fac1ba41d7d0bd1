package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Samples what commands cost while a load runs: CPU of the service's process (and of the subscriber's,
 * on the Kafka path), of the harness's own process (the clients) and of the whole PostgreSQL server, WAL
 * written, transactions and rows written in each watched database, and the service's token updates and
 * positions. The loads take one {@link Cost} where their measured window opens and one where it closes;
 * the difference divided by the commands answered in between is the cost per command
 * (docs/benchmarks.md, "Cost per command").
 *
 * <p>Both samples are taken while the load is running, never at a quiet edge. PostgreSQL publishes each
 * backend's transaction and row counts late: a busy backend's at most once a second, and what an idle
 * backend still holds only after up to 10 s (pgstat_report_stat's minimum and idle intervals). A sample
 * at a quiet edge, before a load or even 1.5 s after one, is therefore behind by a different amount
 * than a sample under load, and the difference would miss or add up to a second of each backend's work.
 * Under load every backend is behind by the same fraction of a second at both samples, so their
 * difference covers a window as long as the measured one, shifted by less than a second. The same holds
 * for the processors, the publisher and the subscriber, which work behind the commands: their work in
 * the window stands for the work the window's commands cause, as long as they keep pace (each processor's
 * events passed per command, beside the events appended per command, shows whether it did). CPU, the WAL
 * position and the commands are read at the instant itself.
 */
final class CostMeter implements AutoCloseable {

    /** A process whose CPU is measured, and the database it writes to. */
    record Watched(String name, long pid, String database) {
    }

    // One statement in autocommit, so one transaction per sample (counted in the window like any other)
    // and a fresh statistics snapshot each time: PostgreSQL keeps the statistics it has read for the rest
    // of a transaction.
    private static final String COUNTERS = """
            SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,
                   (SELECT json_object_agg(datname, json_build_array(xact_commit + xact_rollback,
                                                                     tup_inserted + tup_updated + tup_deleted))
                      FROM pg_stat_database WHERE datname = ANY (?)),
                   (SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'token_entry'),
                   (SELECT json_agg(json_build_array(processor_name, segment, convert_from(token, 'UTF8'))) FROM token_entry),
                   (SELECT max(global_index) FROM domain_event_entry)
            """;

    private final List<Watched> watched;
    private final long postmasterPid;
    private final Connection connection;

    /** @param service the ledger, whose database holds the tokens; {@code others} e.g. the subscriber */
    CostMeter(BenchPostgres postgres, Watched service, Watched... others) throws SQLException {
        this.watched = new ArrayList<>(List.of(service));
        this.watched.addAll(List.of(others));
        this.postmasterPid = postgres.postmasterPid();
        this.connection = postgres.connect(service.database());
        this.connection.setAutoCommit(true);
    }

    /** The counters now; {@code commands} is how many commands the load has had answered so far. */
    Cost sample(long commands) {
        long nanos = System.nanoTime();
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (Watched process : watched) {
            OptionalLong ticks = ProcStat.cpuTicks(process.pid());
            if (ticks.isPresent()) {
                cpu.put(process.name(), ticks.getAsLong());
            }
            OptionalLong compiling = ProcStat.compilerTicks(process.pid());
            if (compiling.isPresent()) {
                cpu.put(process.name() + "_jit", compiling.getAsLong());
            }
        }
        // the harness's own process: its clients send the load (and on the Kafka path its embedded broker runs)
        // on the same cores as the service and PostgreSQL, so what it takes is not the service's to use
        ProcStat.cpuTicks(ProcessHandle.current().pid()).ifPresent(ticks -> cpu.put("harness", ticks));
        OptionalLong postgresTicks = postmasterPid > 0 ? ProcStat.postgresTicks(postmasterPid) : OptionalLong.empty();
        Long wal = null;
        Long tokenUpdates = null;
        Long lastEvent = null;
        Map<String, Cost.Database> databases = new LinkedHashMap<>();
        Map<String, Long> positions = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(COUNTERS)) {
            select.setArray(1, connection.createArrayOf("text", watched.stream().map(Watched::database).toArray()));
            try (ResultSet row = select.executeQuery()) {
                row.next();
                wal = row.getLong(1);
                JsonNode perDatabase = LedgerApi.JSON.readTree(row.getString(2));
                for (int i = 0; i < watched.size(); i++) {
                    JsonNode counts = perDatabase.path(watched.get(i).database());
                    if (counts.isArray()) {
                        databases.put(i == 0 ? "" : watched.get(i).name() + "_", new Cost.Database(counts.get(0).asLong(), counts.get(1).asLong()));
                    }
                }
                long updates = row.getLong(3);
                tokenUpdates = row.wasNull() ? null : updates;
                String tokens = row.getString(4);
                for (JsonNode token : tokens == null ? LedgerApi.JSON.createArrayNode() : LedgerApi.JSON.readTree(tokens)) {
                    Long position = position(token.get(2).asText(null));
                    if (position != null) {
                        positions.put(token.get(0).asText() + (token.get(1).asInt() == 0 ? "" : "/" + token.get(1).asInt()), position);
                    }
                }
                long head = row.getLong(5);
                lastEvent = row.wasNull() ? null : head;
            }
        } catch (SQLException | java.io.IOException unreadable) {
            Console.info("cost: PostgreSQL's counters could not be read (%s); those figures are left out", unreadable.getMessage());
        }
        return new Cost(nanos, commands, cpu, postgresTicks.isPresent() ? postgresTicks.getAsLong() : null, wal, databases, tokenUpdates,
                positions, lastEvent);
    }

    /** A tracking token's position (Axon's JSON: {"index": n, ...}, or a replay token's current one); null for none. */
    private static Long position(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode token = LedgerApi.JSON.readTree(json);
            JsonNode index = token.has("index") ? token.get("index") : token.path("currentToken").path("index");
            return index.isNumber() ? index.asLong() : null;
        } catch (java.io.IOException notJson) {
            return null;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
