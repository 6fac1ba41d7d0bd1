package org.coordination.ledger.readmodel;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.eventstore.IsoInstant;
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
 * per row (the timeline's rows, when a rebuild still wrote them, were two thirds of its time as inserts;
 * docs/benchmarks.md).
 *
 * <p>Values are numbers, text, {@link Timestamp}s or nulls. Text is handed to PostgreSQL untyped, so a
 * jsonb column reads it as JSON, as {@code COPY} does.
 */
public final class NewRows {

    private record Target(String table, String primaryKey, List<String> columns) {
    }

    private static final int COPY_BUFFER = 64 * 1024;

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
     * column list, streamed a row at a time through a small buffer (one text of a whole batch was over
     * the garbage collector's large-object size, and cost more in collections than the copy saved).
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
                    StringBuilder line = new StringBuilder(1024);
                    byte[] buffer = new byte[COPY_BUFFER];
                    int used = 0;
                    for (Object[] row : added) {
                        line.setLength(0);
                        for (int i = 0; i < row.length; i++) {
                            if (i > 0) {
                                line.append('\t');
                            }
                            appendCopyValue(line, row[i]);
                        }
                        line.append('\n');
                        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
                        if (used + bytes.length > buffer.length) {
                            copy.writeToCopy(buffer, 0, used);
                            used = 0;
                        }
                        if (bytes.length > buffer.length) {
                            copy.writeToCopy(bytes, 0, bytes.length);
                        } else {
                            System.arraycopy(bytes, 0, buffer, used, bytes.length);
                            used += bytes.length;
                        }
                    }
                    if (used > 0) {
                        copy.writeToCopy(buffer, 0, used);
                    }
                    return copy.endCopy();
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            });
        });
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
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            String text = value.toString();
            for (int i = 0; i < text.length(); i++) {
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
}
