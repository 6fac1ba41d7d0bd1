package org.coordination.ledger.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Part of some sagas' state kept in rows of its own beside the saga's row, so that an event changes a row rather
 * than the whole serialized saga: a policy that follows every pledge of a force holds a state per pledge, and
 * written as part of the saga that state was rewritten whole, tens of kilobytes for a large force, for every
 * event the policy handled (docs/benchmarks.md, change 53). {@link VersionedSagaStore} leaves fields of
 * {@link #rowType} out of the saga it serializes and reads the rows when it deserializes a saga. A saga's single
 * change is written in the statement that updates the saga's row ({@link #besideUpdate}); any other changes of
 * the sagas a transaction updated are written together, just before it commits.
 *
 * <p>Rows are written only in a transaction that also writes the saga's row, so the saga row's version
 * ({@code xmin}) still fixes its whole state, rows included.
 */
public interface SagaStateRows {

    /** The type of the sagas' fields these rows hold, left out of the serialized saga. */
    Class<?> rowType();

    /** Fills {@code saga}, just deserialized, with its rows. */
    void read(Connection connection, String sagaIdentifier, Object saga) throws SQLException;

    /** Writes what changed in each of these sagas since it was read or last written. */
    void write(Connection connection, Collection<Saga> sagas) throws SQLException;

    /** Writes all of the saga's rows, for a saga stored whole (its row inserted, or inserted again). */
    void writeWhole(Connection connection, String sagaIdentifier, Object saga) throws SQLException;

    /**
     * The saga's change, if it has exactly one since it was read or last written and that change can be written in
     * the statement that updates the saga's row; taken (it is not written again), else null. The common case, a
     * policy meeting one event of a pledge, then costs no statement of its own.
     */
    Beside besideUpdate(String sagaIdentifier, Object saga);

    /**
     * A data-modifying statement run beside the saga row's {@code UPDATE}, in the same statement, as a common table
     * expression: it must take its rows {@code FROM updated} (the saga's row as updated, none if the row is gone).
     */
    record Beside(String sql, List<String> parameters) {
    }

    /**
     * About as many bytes as the saga's rows would take in its JSON: what a saga held in memory between loads
     * weighs besides its JSON ({@code ledger.saga-cache.held-bytes}).
     */
    int weight(Object saga);

    /** Removes the rows of a saga that ended. */
    void delete(Connection connection, String sagaIdentifier) throws SQLException;

    /** A saga and its identifier. */
    record Saga(String identifier, Object saga) {
    }
}
