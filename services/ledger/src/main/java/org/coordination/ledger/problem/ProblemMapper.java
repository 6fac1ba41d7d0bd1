package org.coordination.ledger.problem;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.rules.RuleViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/** Every known failure of a command as the problem document clients get; never a bare 500 for a known condition. */
@Component
public class ProblemMapper {

    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);
    public static final int RETRY_AFTER_SECONDS = 5;

    public ProblemDetail toProblem(Throwable failure) {
        return switch (failure) {
            case ApiProblem problem -> problem.toProblemDetail();
            case RuleViolation violation -> ruleViolated(violation.rule(), violation.getMessage());
            case AggregateNotFoundException notFound -> {
                StreamId stream = StreamId.parse(String.valueOf(notFound.getAggregateIdentifier()));
                yield problem(HttpStatus.NOT_FOUND, "aggregate-not-found", "Not found",
                        "No " + stream.kind() + " with id " + stream.id() + " exists");
            }
            case ConflictingAggregateVersionException conflict -> problem(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                    "Precondition failed", "The aggregate is at version " + conflict.getActualVersion() + ", not "
                            + conflict.getExpectedVersion() + " as If-Match expected; nothing was written");
            case LockAcquisitionFailedException lockNotAcquired -> concurrentModification();
            case Throwable appendConflict when isAppendConflict(appendConflict) -> concurrentModification();
            // the firewall checks lazily, from wherever a parameter or header is first read; MalformedRequestFilter
            // catches the known cases up front and names them, this is the net for the rest
            case RequestRejectedException rejected -> problem(HttpStatus.BAD_REQUEST, "request-rejected", "Request rejected",
                    "The request path, a header or a parameter name is not acceptable");
            case Throwable unreachable when storeUnavailable(unreachable) -> {
                log.warn("Event store unavailable: {}", unreachable.toString());
                ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
                        "The event store could not be reached, or the connection to it was lost before the outcome was known: "
                                + "the command may or may not have been recorded. Retry with the same Idempotency-Key to get its stored "
                                + "answer if it was.");
                problem.setProperty("retryAfterSeconds", RETRY_AFTER_SECONDS);
                yield problem;
            }
            case null, default -> {
                log.error("Unexpected failure of a command", failure);
                yield problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error", "The command failed unexpectedly");
            }
        };
    }

    private static ProblemDetail concurrentModification() {
        return problem(HttpStatus.CONFLICT, "concurrent-modification", "Concurrent modification",
                "Other commands kept changing the same aggregate or claiming the same id; nothing was written. Retry");
    }

    /**
     * Another writer appended to the same stream (or claimed the same unique id) first, or PostgreSQL chose this
     * attempt's transaction as the victim of a deadlock with another's (two instances, or a group and a command
     * handled alone, each holding a row the other waits for) or of a serialization failure: nothing of this
     * attempt was stored, the transaction rolled back whole, and deciding the command again on the stored state
     * is safe.
     */
    public static boolean isAppendConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConflictingAggregateVersionException) {
                return false; // the caller's own If-Match, not a race
            }
            if (t instanceof ConcurrencyException || t instanceof AggregateStreamCreationException || t instanceof DuplicateKeyException) {
                return true;
            }
            if (t instanceof SQLException sql && (DEADLOCK_DETECTED.equals(sql.getSQLState())
                    || SERIALIZATION_FAILURE.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static final String DEADLOCK_DETECTED = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";

    /** With If-Match, a concurrent append means the version the caller expected is gone: 412. */
    public static ApiProblem versionMoved() {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Precondition failed",
                "Another command changed the aggregate after the version If-Match named; nothing was written", java.util.Map.of());
    }

    /** With If-Match, an aggregate that does not exist: it is at no version, so the condition is false (RFC 9110, 13.1.1). */
    public static ApiProblem noVersionToMatch() {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Precondition failed",
                "If-Match names a version, but the aggregate does not exist, so it is at none; nothing was written", java.util.Map.of());
    }

    public static ProblemDetail ruleViolated(String rule, String detail) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "rule-violated", "Business rule refused the command", detail);
        problem.setProperty("rule", rule);
        return problem;
    }

    public static ProblemDetail problem(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ApiProblem.type(slug));
        problem.setTitle(title);
        return problem;
    }

    /** Connection-level failures anywhere in the cause chain: the database is down or unreachable. */
    static boolean storeUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof CannotGetJdbcConnectionException
                    || t instanceof DataAccessResourceFailureException || t instanceof SQLTransientConnectionException
                    || t instanceof ConnectException || t instanceof SocketException
                    || t instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P: the server is shutting down or restarting
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    return true;
                }
                // the pool's word for a connection the server dropped under it
                if ("Connection is closed".equals(sql.getMessage())) {
                    return true;
                }
            }
        }
        return false;
    }
}
