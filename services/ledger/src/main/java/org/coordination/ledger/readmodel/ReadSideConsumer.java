package org.coordination.ledger.readmodel;

/**
 * A table of the read side kept beside the documents, by the same "read-models" processor (one token,
 * one transaction, one dead-letter queue): the alerts, the posts' tenures. Each is a Spring bean of its own
 * feature; {@code readmodel} never names one. Live, a consumer writes into {@link #table()}; a rebuild
 * gives it {@code <table>_rebuild} (same columns, keys and indexes) and then puts that in the live table's place.
 */
public interface ReadSideConsumer {

    /** The name a rebuild is asked for by ({@code alerts}, {@code tenures}). */
    String name();

    /** The live table this consumer keeps alone. */
    String table();

    /** The column(s) of the table's primary key, for the rebuild's copy (e.g. {@code global_index}). */
    String primaryKey();

    /** Folds one event into {@link Writes#table()}, in global order, after the documents. */
    void handle(EventEnvelope envelope, Writes writes);

    /** Where a consumer writes while it handles events: the live table in the processor's transaction, or a rebuild's copy. */
    interface Writes {

        /** The table to write into: {@link #table()} live, its {@code _rebuild} copy in a rebuild. */
        String table();

        /**
         * A new row of {@link #table()} for this event, written with the batch's others when the batch ends
         * (live: when the unit of work prepares to commit). Live by {@code INSERT … ON CONFLICT (primary
         * key) DO NOTHING}, so an event delivered again finds its row there; into a rebuild's fresh copy by
         * {@code COPY} ({@link NewRows}). {@code values} match {@code columns}: numbers, text (a jsonb
         * column reads its text as JSON), {@link java.sql.Timestamp}s or nulls.
         */
        void insert(java.util.List<String> columns, Object[] values);

        /** A statement run now, in the current transaction. */
        void now(String sql, Object... arguments);
    }
}
