package org.coordination.ledger.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.coordination.ledger.readmodel.ReadSideConsumer;

/** A read-side consumer's writes, recorded instead of run: the rows for the batch's end and the statements run at once, apart. */
public final class RecordedWrites implements ReadSideConsumer.Writes {

    /** One statement with its arguments. */
    public record Statement(String sql, List<Object> arguments) {
    }

    private final String table;
    /** A row added for the batch's end. */
    public record Row(List<String> columns, List<Object> values) {
    }

    /** Written when the batch ends ({@link #insert}). */
    public final List<Row> inserted = new ArrayList<>();
    /** Run at once ({@link #now}). */
    public final List<Statement> now = new ArrayList<>();

    public RecordedWrites(String table) {
        this.table = table;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public void insert(List<String> columns, Object[] values) {
        inserted.add(new Row(columns, java.util.Arrays.asList(values)));
    }

    @Override
    public void now(String sql, Object... arguments) {
        now.add(new Statement(sql, java.util.Arrays.asList(arguments)));
    }
}
