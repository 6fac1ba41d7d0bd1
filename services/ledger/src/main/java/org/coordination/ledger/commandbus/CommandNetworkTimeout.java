package org.coordination.ledger.commandbus;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.lang.Nullable;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A bound on how long the command path waits for PostgreSQL to answer. Every transaction begun on a thread that
 * handles commands (a request's thread while it issues its command, and the group commit's writers) gets a network
 * timeout on its connection ({@link java.sql.Connection#setNetworkTimeout}: the longest wait for the next bytes from the
 * server). A connection whose packets vanish (a network partition, where nothing resets the connection) then fails the
 * command with a 503 after that long, its outcome unknown as for any connection lost, instead of holding the request,
 * and every command queued behind it, until TCP gives up, which takes up to hours. The pool gives the connection its
 * own timeout (none) back when it is returned.
 *
 * <p>Only the command path: audit reads, replays, rebuilds, catch-ups and migrations read for minutes or wait on one
 * statement that long (an index build), and a timeout on the socket would cut them. A command waits on PostgreSQL for
 * milliseconds; the bound (10 s by default) is far above a lock wait or a slow commit.
 */
public final class CommandNetworkTimeout implements TransactionExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(CommandNetworkTimeout.class);
    private static final ThreadLocal<Boolean> COMMAND_PATH = new ThreadLocal<>();

    private final DataSource dataSource;
    private final int millis;

    /** @param timeout zero: no bound (the connection's own) */
    public CommandNetworkTimeout(DataSource dataSource, Duration timeout) {
        if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("ledger.commands.network-timeout must be between 0 and "
                    + Integer.MAX_VALUE + " ms, not " + timeout);
        }
        this.dataSource = dataSource;
        this.millis = (int) timeout.toMillis();
    }

    /** Runs {@code work} on the command path: the transactions it begins on this thread are bounded. */
    public static <T> T during(Supplier<T> work) {
        boolean outermost = COMMAND_PATH.get() == null;
        COMMAND_PATH.set(Boolean.TRUE);
        try {
            return work.get();
        } finally {
            if (outermost) {
                COMMAND_PATH.remove();
            }
        }
    }

    /** The calling thread handles commands for as long as it lives (a group commit's writer). */
    static void forThisThread() {
        COMMAND_PATH.set(Boolean.TRUE);
    }

    @Override
    public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
        if (beginFailure != null || millis == 0 || !transaction.isNewTransaction() || COMMAND_PATH.get() == null) {
            return;
        }
        // the connection the transaction manager bound to this thread for the transaction (JPA's as JDBC's)
        if (TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder) {
            try {
                holder.getConnection().setNetworkTimeout(Runnable::run, millis);
            } catch (SQLException closed) {
                // a connection already closed fails the transaction's first statement anyway; throwing here would
                // leave the begun transaction without its rollback
                log.debug("Could not bound a command's connection", closed);
            }
        }
    }
}
