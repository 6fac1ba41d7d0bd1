package org.coordination.ledger.readmodel;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;

/**
 * The rows read-side consumers add for their events ({@link ReadSideConsumer.Writes#insert}), buffered
 * until their batch is written, grouped by table and columns. Live they are written by {@code INSERT …
 * ON CONFLICT (primary key) DO NOTHING}, so that an event delivered again finds its row there; into a
 * rebuild's fresh tables by {@code COPY}, which PostgreSQL takes in one stream instead of one statement
 * per row (the timeline's rows were two thirds of a rebuild's time as inserts; docs/benchmarks.md).
 *
 * <p>Values are numbers, text, {@link Timestamp}s or nulls. Text is handed to PostgreSQL untyped, so a
 * jsonb column reads it as JSON, as {@code COPY} does.
 */
public final class NewRows {

    private record Target(String table, String primaryKey, List<String> columns) {
    }

    /** Characters of COPY text sent at a time (as bytes, far below the garbage collector's large-object size). */
    private static final int COPY_CHUNK = 32 * 1024;

    private final Map<Target, List<Object[]>> rows = new LinkedHashMap<>();
    private final Map<Target, Integer> marked = new HashMap<>();

    public void add(String table, String primaryKey, List<String> columns, Object[] values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(values.length + " values for " + columns.size() + " columns of " + table);
        }
        rows.computeIfAbsent(new Target(table, primaryKey, List.copyOf(columns)), target -> new ArrayList<>()).add(values);
    }

    /** An event starts: the rows it adds can be taken back ({@link #undo}). */
    public void mark() {
        marked.clear();
        rows.forEach((target, added) -> marked.put(target, added.size()));
    }

    /** The event since {@link #mark} failed: its rows are dropped. */
    public void undo() {
        rows.forEach((target, added) -> added.subList(marked.getOrDefault(target, 0), added.size()).clear());
    }

    /** Live: one batched insert per table and column list; rows already there are left as they are. */
    public void insert(JdbcTemplate jdbc) {
        rows.forEach((target, added) -> {
            if (added.isEmpty()) {
                return;
            }
            String sql = "INSERT INTO " + target.table() + " (" + String.join(", ", target.columns()) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(target.columns().size(), "?")) + ") ON CONFLICT ("
                    + target.primaryKey() + ") DO NOTHING";
            jdbc.batchUpdate(sql, added.stream().map(NewRows::untypedText).toList());
        });
    }

    /**
     * Into tables that cannot hold these rows yet (a rebuild's copies): one {@code COPY} per table and
     * column list. The rows are written as text into one builder, sent as UTF-8 every 32,000 characters or
     * so: a text and its bytes per row, and escaping character by character, were a third of a rebuild's
     * CPU; one text of a whole batch was over the garbage collector's large-object size and cost more in
     * collections than the copy saved (docs/benchmarks.md).
     */
    public void copy(JdbcTemplate jdbc) {
        rows.forEach((target, added) -> {
            if (added.isEmpty()) {
                return;
            }
            String sql = "COPY " + target.table() + " (" + String.join(", ", target.columns()) + ") FROM STDIN";
            jdbc.execute((ConnectionCallback<Long>) connection -> {
                CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
                try {
                    StringBuilder text = new StringBuilder(COPY_CHUNK + 4_096);
                    for (Object[] row : added) {
                        for (int i = 0; i < row.length; i++) {
                            if (i > 0) {
                                text.append('\t');
                            }
                            appendCopyValue(text, row[i]);
                        }
                        text.append('\n');
                        if (text.length() >= COPY_CHUNK) {
                            send(copy, text);
                        }
                    }
                    send(copy, text);
                    return copy.endCopy();
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            });
        });
    }

    private static void send(CopyIn copy, StringBuilder text) throws SQLException {
        if (!text.isEmpty()) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            text.setLength(0);
        }
    }

    private static Object[] untypedText(Object[] row) {
        Object[] arguments = row.clone();
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] instanceof String text) {
                arguments[i] = new SqlParameterValue(Types.OTHER, text);
            }
        }
        return arguments;
    }

    /** A value in COPY's text format: {@code \N} for null, instants as PostgreSQL writes them, text escaped. */
    static void appendCopyValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof Timestamp timestamp) {
            IsoInstant.appendMicros(out, timestamp.toInstant());
        } else if (value instanceof Long number) {
            out.append(number.longValue()); // digits straight into the builder, no text of their own
        } else if (value instanceof Integer number) {
            out.append(number.intValue());
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            String text = value.toString();
            int first = firstToEscape(text);
            if (first == text.length()) {
                out.append(text); // most values: nothing to escape, one copy
                return;
            }
            out.append(text, 0, first);
            for (int i = first; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(c);
                }
            }
        }
    }

    private static int firstToEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }
}
