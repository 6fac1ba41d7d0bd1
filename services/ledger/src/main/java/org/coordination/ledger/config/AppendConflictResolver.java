package org.coordination.ledger.config;

import java.sql.SQLException;
import java.util.Set;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Tells Axon which failed appends are conflicts: another writer took the sequence number first
 * (PostgreSQL's unique violation, SQLSTATE 23505) or the append skips ahead of the stored stream
 * (LG001, raised by the event chain's trigger, V6). Axon then throws {@code ConcurrencyException} (or
 * {@code AggregateStreamCreationException} for a first event), which the command API retries on the
 * stored state or answers as 409/412, instead of a generic {@code EventStoreException} (a 500).
 *
 * <p>Axon's {@code JdbcSQLErrorCodesResolver} only recognises JPA's {@code EntityExistsException}, and
 * pgjdbc reports a failed batch as a {@code BatchUpdateException} whose cause is in its chain of next
 * exceptions, not its cause: both chains are walked here.
 */
final class AppendConflictResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";
    static final String SEQUENCE_GAP = "LG001";
    private static final Set<String> CONFLICTS = Set.of(UNIQUE_VIOLATION, SEQUENCE_GAP);

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        return isConflict(exception);
    }

    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException() == s ? null : s.getNextException()) {
                    if (s.getSQLState() != null && CONFLICTS.contains(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
