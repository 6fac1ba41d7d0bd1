package org.coordination.ledger.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ledger database as one UTF-8 JSON-lines file, so that a ledger stored by an earlier release can be
 * loaded into a fresh database by a test (there is no pg_dump for PostgreSQL 17 on every machine).
 *
 * <p>Every row of every table of the {@code public} schema except {@code flyway_schema_history}, with the
 * Flyway version the schema was at and every sequence's value. Lines, in this order:
 * <pre>
 * {"snapshot":{"format":1,"flywayVersion":"8","note":"…"}}
 * {"table":"domain_event_entry","columns":["global_index",…],"types":["bigint",…]}
 * {"row":"domain_event_entry","values":["1","ee05…","\\x7b22…",…]}             (one line per row)
 * {"sequence":"domain_event_entry_global_index_seq","lastValue":19,"isCalled":true}
 * </pre>
 * Each value is PostgreSQL's text form of the column (null stays null), a {@code bytea} the hex form
 * {@code \x…}; loading casts the text back to the column's type, which gives the same value. Tables come
 * in name order, rows in primary-key order (else in the order of their text), so that two exports of the
 * same data are the same file.
 *
 * <p>Loading runs with {@code session_replication_role = replica}: no trigger fires and no foreign key is
 * checked, so the hash chain's columns are stored exactly as the earlier release computed them.
 *
 * <p>Export from a stopped ledger's embedded data directory, or from a running database (the
 * fixture README next to the fixtures says how to run it):
 * <pre>
 * LedgerSnapshotFile --data-dir .ledger/data --out ledger.jsonl [--note "…"]
 * LedgerSnapshotFile --db-url jdbc:postgresql://… [--db-user postgres] [--db-password …] --out ledger.jsonl [--note "…"]
 * </pre>
 */
public final class LedgerSnapshotFile {

    public static final int FORMAT = 1;
    private static final String SCHEMA = "public";
    private static final String FLYWAY_TABLE = "flyway_schema_history";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One table's columns (name and SQL type as {@code format_type} gives it) and its rows. */
    public record Table(String name, List<String> columns, List<String> types, List<List<String>> rows) {
    }

    public record Sequence(String name, long lastValue, boolean isCalled) {
    }

    /** What a file holds. */
    public record Snapshot(String flywayVersion, String note, List<Table> tables, List<Sequence> sequences) {

        public Table table(String name) {
            return tables.stream().filter(t -> t.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no table " + name + " in the snapshot"));
        }
    }

    private LedgerSnapshotFile() {
    }

    // --- export -------------------------------------------------------------------------------------

    /** Reads the database's public schema into a snapshot; sets the session's time zone to UTC. */
    public static Snapshot take(Connection connection, String note) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'"); // timestamptz as text the same wherever it is taken
        }
        String version = flywayVersion(connection);
        List<Table> tables = new ArrayList<>();
        for (String table : tableNames(connection)) {
            tables.add(readTable(connection, table));
        }
        List<Sequence> sequences = new ArrayList<>();
        for (String sequence : names(connection, "SELECT sequencename FROM pg_sequences WHERE schemaname = '" + SCHEMA
                + "' ORDER BY sequencename")) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT last_value, is_called FROM " + quote(sequence))) {
                rows.next();
                sequences.add(new Sequence(sequence, rows.getLong(1), rows.getBoolean(2)));
            }
        }
        return new Snapshot(version, note, tables, sequences);
    }

    public static void export(Connection connection, Path file, String note) throws SQLException, IOException {
        write(take(connection, note), file);
    }

    public static void write(Snapshot snapshot, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            ObjectNode header = JSON.createObjectNode();
            header.putObject("snapshot").put("format", FORMAT).put("flywayVersion", snapshot.flywayVersion())
                    .put("note", snapshot.note());
            line(out, header);
            for (Table table : snapshot.tables()) {
                ObjectNode head = JSON.createObjectNode().put("table", table.name());
                table.columns().forEach(head.putArray("columns")::add);
                table.types().forEach(head.putArray("types")::add);
                line(out, head);
                for (List<String> row : table.rows()) {
                    ObjectNode line = JSON.createObjectNode().put("row", table.name());
                    ArrayNode values = line.putArray("values");
                    row.forEach(values::add);
                    line(out, line);
                }
            }
            for (Sequence sequence : snapshot.sequences()) {
                line(out, JSON.createObjectNode().put("sequence", sequence.name()).put("lastValue", sequence.lastValue())
                        .put("isCalled", sequence.isCalled()));
            }
        }
    }

    private static void line(BufferedWriter out, JsonNode node) throws IOException {
        out.write(JSON.writeValueAsString(node));
        out.write('\n');
    }

    private static String flywayVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM " + FLYWAY_TABLE
                     + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rows.next()) {
                throw new IllegalStateException("no successful migration in " + FLYWAY_TABLE);
            }
            return rows.getString(1);
        }
    }

    private static List<String> tableNames(Connection connection) throws SQLException {
        return names(connection, "SELECT tablename FROM pg_tables WHERE schemaname = '" + SCHEMA + "' AND tablename <> '"
                + FLYWAY_TABLE + "' ORDER BY tablename");
    }

    private static Table readTable(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                        + "WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
                        + "ORDER BY a.attnum")) {
            statement.setString(1, SCHEMA + "." + quote(table));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                    types.add(rows.getString(2));
                }
            }
        }
        List<String> key = names(connection, "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                + "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = '" + SCHEMA + "." + quote(table).replace("'", "''")
                + "'::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)");
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            select.append(i == 0 ? "" : ", ").append(types.get(i).equals("bytea")
                    ? "'\\x' || encode(t." + quote(columns.get(i)) + ", 'hex')"
                    : "t." + quote(columns.get(i)) + "::text");
        }
        select.append(" FROM ").append(quote(table)).append(" t ORDER BY ");
        select.append(key.isEmpty() ? "t::text" : String.join(", ", key.stream().map(c -> "t." + quote(c)).toList()));
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(select.toString())) {
            while (result.next()) {
                List<String> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return new Table(table, columns, types, rows);
    }

    // --- import -------------------------------------------------------------------------------------

    public static Snapshot read(Path file) throws IOException {
        String version = null;
        String note = null;
        Map<String, Table> tables = new LinkedHashMap<>();
        List<Sequence> sequences = new ArrayList<>();
        int number = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode line = JSON.readTree(text);
            if (line.has("snapshot")) {
                JsonNode header = line.get("snapshot");
                if (header.path("format").asInt() != FORMAT) {
                    throw new IOException(file + ": format " + header.path("format") + ", this reader knows " + FORMAT);
                }
                version = header.get("flywayVersion").asText();
                note = header.path("note").isNull() ? null : header.path("note").asText();
            } else if (line.has("table")) {
                tables.put(line.get("table").asText(), new Table(line.get("table").asText(), strings(line.get("columns")),
                        strings(line.get("types")), new ArrayList<>()));
            } else if (line.has("row")) {
                Table table = tables.get(line.get("row").asText());
                if (table == null) {
                    throw new IOException(file + ":" + number + ": a row of " + line.get("row") + " before its table line");
                }
                table.rows().add(strings(line.get("values")));
            } else if (line.has("sequence")) {
                sequences.add(new Sequence(line.get("sequence").asText(), line.get("lastValue").asLong(),
                        line.get("isCalled").asBoolean()));
            } else {
                throw new IOException(file + ":" + number + ": not a snapshot line");
            }
        }
        if (version == null) {
            throw new IOException(file + ": no snapshot header line");
        }
        return new Snapshot(version, note, List.copyOf(tables.values()), sequences);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>(array.size());
        array.forEach(value -> values.add(value.isNull() ? null : value.asText()));
        return values;
    }

    /**
     * Inserts every row into the database, whose schema must be at the snapshot's Flyway version and
     * whose tables it fills must be empty, with no trigger firing, then sets every sequence; one
     * transaction. Needs a superuser (for {@code session_replication_role}).
     */
    public static void load(Snapshot snapshot, Connection connection) throws SQLException {
        String version = flywayVersion(connection);
        if (!version.equals(snapshot.flywayVersion())) {
            throw new IllegalStateException("the schema is at version " + version + ", the snapshot was taken at "
                    + snapshot.flywayVersion());
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL session_replication_role = replica");
            for (Table table : snapshot.tables()) {
                if (table.rows().isEmpty()) {
                    continue;
                }
                StringBuilder insert = new StringBuilder("INSERT INTO ").append(quote(table.name())).append(" (");
                insert.append(String.join(", ", table.columns().stream().map(LedgerSnapshotFile::quote).toList()));
                insert.append(") OVERRIDING SYSTEM VALUE VALUES (");
                for (int i = 0; i < table.columns().size(); i++) {
                    insert.append(i == 0 ? "" : ", ").append(table.types().get(i).equals("bytea")
                            ? "decode(substr(?, 3), 'hex')" : "?::" + table.types().get(i));
                }
                insert.append(")");
                try (PreparedStatement rows = connection.prepareStatement(insert.toString())) {
                    for (List<String> row : table.rows()) {
                        for (int i = 0; i < row.size(); i++) {
                            rows.setString(i + 1, row.get(i));
                        }
                        rows.addBatch();
                    }
                    rows.executeBatch();
                }
            }
            for (Sequence sequence : snapshot.sequences()) {
                try (PreparedStatement set = connection.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
                    set.setString(1, quote(sequence.name()));
                    set.setLong(2, sequence.lastValue());
                    set.setBoolean(3, sequence.isCalled());
                    set.execute();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static List<String> names(Connection connection, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Exports a database to a file; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!options.containsKey("out") || options.containsKey("data-dir") == options.containsKey("db-url")) {
            System.err.println("usage: LedgerSnapshotFile (--data-dir DIR | --db-url URL [--db-user U] [--db-password P]) --out FILE [--note TEXT]");
            System.exit(2);
        }
        Path out = Path.of(options.get("out"));
        String note = options.get("note");
        if (options.containsKey("data-dir")) {
            // the stopped ledger's own data directory, served by the same PostgreSQL on a free port, kept as it is
            try (EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(Path.of(options.get("data-dir")))
                    .setCleanDataDirectory(false).start();
                 Connection connection = server.getPostgresDatabase().getConnection()) {
                export(connection, out, note);
            }
        } else {
            try (Connection connection = DriverManager.getConnection(options.get("db-url"),
                    options.getOrDefault("db-user", "postgres"), options.getOrDefault("db-password", ""))) {
                export(connection, out, note);
            }
        }
        System.out.println("wrote " + out + " (" + Files.size(out) + " bytes)");
    }
}
