package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's "Cost per command" table, from the "cost" object of each measured run (see {@link Cost}). */
final class CostTable {

    private record Row(String run, JsonNode cost) {
    }

    private CostTable() {
    }

    static String render(JsonNode results) {
        List<Row> rows = new ArrayList<>();
        results.path("ledger").fields().forEachRemaining(level -> rows.add(new Row("Ledger, " + clients(level.getKey()), level.getValue().path("cost"))));
        JsonNode half = results.path("ledger_half_load");
        rows.add(new Row("Ledger, half load (" + half.path("offered_commands_per_second").asLong() + " commands/s, open loop)", half.path("cost")));
        results.path("peer").fields().forEachRemaining(level -> rows.add(new Row("Axon defaults, " + clients(level.getKey()),
                level.getValue().path("cost"))));
        for (JsonNode level : results.path("kafka_levels")) {
            rows.add(new Row("Kafka path, " + level.path("offered_commands_per_second").asLong() + " commands/s", level.path("cost")));
        }

        StringBuilder md = new StringBuilder("### Cost per command\n\n");
        md.append("| Run | Commands measured | Service CPU ms | of it JIT compilers | Subscriber CPU ms | PostgreSQL CPU ms | Harness CPU ms (the clients) | Transactions | Rows written | WAL bytes "
                + "| Token updates | Events per token update |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            JsonNode c = row.cost();
            md.append("| ").append(row.run()).append(" | ").append(c.has("commands") ? String.format(Locale.ROOT, "%,d", c.path("commands").asLong()) : "–")
                    .append(" | ").append(figure(c, "service_cpu_ms_per_command")).append(" | ").append(figure(c, "service_jit_cpu_ms_per_command"))
                    .append(" | ").append(figure(c, "subscriber_cpu_ms_per_command"))
                    .append(" | ").append(figure(c, "postgres_cpu_ms_per_command")).append(" | ").append(figure(c, "harness_cpu_ms_per_command"))
                    .append(" | ").append(figure(c, "transactions_per_command"))
                    .append(" | ").append(figure(c, "rows_written_per_command")).append(" | ").append(figure(c, "wal_bytes_per_command"))
                    .append(" | ").append(figure(c, "token_updates_per_command")).append(" | ").append(figure(c, "events_per_token_update"))
                    .append(" |\n");
        }
        md.append("\nPer command, over the measured window of each run; \"–\" where a figure does not apply or could not be measured. "
                + "\"Of it JIT compilers\": the part of the service's CPU spent by HotSpot's compiler threads, still compiling (and "
                + "recompiling after deoptimizations) minutes after the start on two cores; a service that has run for long spends "
                + "close to none of it. \"Harness CPU\": the benchmark's own process, whose clients send the load (on the Kafka "
                + "path with the broker it embeds), on the same two cores as the service and PostgreSQL. "
                + "On the Kafka path the PostgreSQL CPU and WAL columns include the subscriber's database");
        List<String> subscriber = new ArrayList<>();
        for (Row row : rows) {
            if (row.cost().has("subscriber_transactions_per_command")) {
                subscriber.add(figure(row.cost(), "subscriber_transactions_per_command") + " transactions and wrote "
                        + figure(row.cost(), "subscriber_rows_written_per_command") + " rows at "
                        + row.run().replace("Kafka path, ", ""));
            }
        }
        if (!subscriber.isEmpty()) {
            md.append("; in its own database the subscriber ran, per command, ").append(String.join("; ", subscriber));
        }
        md.append(".");
        List<String> offPace = new ArrayList<>();
        for (Row row : rows) {
            List<String> processors = new ArrayList<>();
            double appended = row.cost().path("events_appended_per_command").asDouble(1);
            row.cost().path("events_passed_per_command_by_processor").fields().forEachRemaining(processor -> {
                double passed = processor.getValue().asDouble();
                if (passed < 0.9 * appended || passed > 1.1 * appended) {
                    processors.add(processor.getKey() + " " + processor.getValue().asText());
                }
            });
            if (!processors.isEmpty()) {
                offPace.add(row.run() + ": " + String.join(", ", processors));
            }
        }
        if (!offPace.isEmpty()) {
            md.append(" Processors that did not pass about as many events as were appended in the window (below: they fell behind, and part "
                    + "of the work the window's commands caused is missing here; above: they caught up on earlier events, whose work is "
                    + "counted here; in a short window a batch of up to 100 events moves a token in one step), events passed per command: ")
                    .append(String.join("; ", offPace)).append(".");
        }
        return md.append("\n\n").toString();
    }

    private static String clients(String level) {
        return level + ("1".equals(level) ? " client" : " clients");
    }

    private static String figure(JsonNode cost, String name) {
        if (!cost.path(name).isNumber()) {
            return "–";
        }
        double value = cost.path(name).asDouble();
        if (name.startsWith("wal_bytes")) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : value >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
