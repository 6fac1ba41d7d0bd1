package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The counters a command's cost is read from, at one instant ({@link CostMeter#sample}). Two of them
 * give the cost per command over the window between them. A counter that could not be read is null
 * (or missing from its map), and every figure built on it is left out rather than reported as zero.
 *
 * @param nanos          when it was taken ({@link System#nanoTime()})
 * @param commands       commands answered (accepted) so far by the load
 * @param cpuTicks       user + system clock ticks of each watched process, by its name ("service", "subscriber")
 * @param postgresTicks  the same for the PostgreSQL server, every process of it
 * @param walBytes       the server's WAL position, in bytes
 * @param databases      transactions (committed + rolled back) and rows written (inserted + updated +
 *                       deleted) of each watched database, by the prefix of its figures ("" for the
 *                       service's own, "subscriber_")
 * @param tokenUpdates   updates of the service's token_entry rows, all processors together
 * @param tokenPositions each streaming processor's (and segment's) position in the event stream
 * @param lastEvent      the global index of the service's last committed event
 */
record Cost(long nanos, long commands, Map<String, Long> cpuTicks, Long postgresTicks, Long walBytes,
            Map<String, Database> databases, Long tokenUpdates, Map<String, Long> tokenPositions, Long lastEvent) {

    /** One database's counters from pg_stat_database. */
    record Database(long transactions, long rowsWritten) {
    }

    /** The cost per command between {@code before} and this sample, for the results file. */
    ObjectNode perCommandSince(Cost before) {
        ObjectNode cost = JsonNodeFactory.instance.objectNode();
        long commands = this.commands - before.commands;
        cost.put("window_seconds", Latencies.round((nanos - before.nanos) / 1e9));
        cost.put("commands", commands);
        if (commands <= 0) {
            return cost;
        }
        cpuTicks.forEach((name, ticks) -> {
            Long was = before.cpuTicks.get(name);
            if (was != null) {
                cost.put(name + "_cpu_ms_per_command", Latencies.round(cpuMillis(ticks - was) / commands));
            }
        });
        if (postgresTicks != null && before.postgresTicks != null) {
            cost.put("postgres_cpu_ms_per_command", Latencies.round(cpuMillis(postgresTicks - before.postgresTicks) / commands));
        }
        databases.forEach((prefix, database) -> {
            Database was = before.databases.get(prefix);
            if (was != null) {
                cost.put(prefix + "transactions_per_command", Latencies.round((database.transactions() - was.transactions()) / (double) commands));
                cost.put(prefix + "rows_written_per_command", Latencies.round((database.rowsWritten() - was.rowsWritten()) / (double) commands));
            }
        });
        if (walBytes != null && before.walBytes != null) {
            cost.put("wal_bytes_per_command", Math.round((walBytes - before.walBytes) / (double) commands));
        }
        if (lastEvent != null && before.lastEvent != null) {
            // what the processors have to pass to keep up: one event per command, more if policies issue commands
            cost.put("events_appended_per_command", Latencies.round((lastEvent - before.lastEvent) / (double) commands));
        }
        if (tokenUpdates != null && before.tokenUpdates != null) {
            long updates = tokenUpdates - before.tokenUpdates;
            cost.put("token_updates_per_command", Latencies.round(updates / (double) commands));
            // each processor's events passed in the window: as many as were appended while it keeps up
            ObjectNode passed = cost.putObject("events_passed_per_command_by_processor");
            long events = 0;
            for (Map.Entry<String, Long> position : tokenPositions.entrySet()) {
                Long was = before.tokenPositions.get(position.getKey());
                if (was != null) {
                    events += position.getValue() - was;
                    passed.put(position.getKey(), Latencies.round((position.getValue() - was) / (double) commands));
                }
            }
            if (updates > 0) {
                cost.put("events_per_token_update", Latencies.round(events / (double) updates));
            }
        }
        return cost;
    }

    /** One line for the console: the main figures of a "cost" object. */
    static String summary(JsonNode cost) {
        StringBuilder line = new StringBuilder("cost per command over " + cost.path("commands").asLong() + " commands:");
        cost.fields().forEachRemaining(figure -> {
            if (figure.getKey().endsWith("_per_command") && figure.getValue().isNumber()) {
                line.append(' ').append(figure.getKey().replace("_per_command", "")).append(' ').append(figure.getValue().asText());
            }
        });
        if (cost.has("events_per_token_update")) {
            line.append(" events_per_token_update ").append(cost.path("events_per_token_update").asText());
        }
        return line.toString();
    }

    private static double cpuMillis(long ticks) {
        return ticks * 1000.0 / ProcStat.TICKS_PER_SECOND;
    }
}
