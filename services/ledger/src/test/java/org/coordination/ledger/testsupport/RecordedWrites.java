package org.coordination.ledger.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.coordination.ledger.readmodel.ReadSideConsumer;

/** A read-side consumer's writes, recorded instead of run: those for the batch's end and those run at once, apart. */
public final class RecordedWrites implements ReadSideConsumer.Writes {

    /** One statement with its arguments. */
    public record Statement(String sql, List<Object> arguments) {
    }

    private final String table;
    /** Written when the batch ends ({@link #later}). */
    public final List<Statement> later = new ArrayList<>();
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
    public void later(String sql, Object[] arguments) {
        later.add(new Statement(sql, java.util.Arrays.asList(arguments)));
    }

    @Override
    public void now(String sql, Object... arguments) {
        now.add(new Statement(sql, java.util.Arrays.asList(arguments)));
    }
}
