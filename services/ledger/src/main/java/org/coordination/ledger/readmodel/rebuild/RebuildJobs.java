package org.coordination.ledger.readmodel.rebuild;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Rebuild jobs in {@code read_model_rebuild_job}: the only record of a rebuild, shared by every
 * instance. Each change is one conditional statement, so two instances never both move a job on.
 */
@Component
class RebuildJobs {

    static final String RUNNING = "RUNNING";
    static final String SWITCHING = "SWITCHING";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";

    /** A job as stored. {@code resetAt} is null until the owning instance has reset the shadow processor. */
    record Job(String id, List<String> projections, String state, long eventsDone, long eventsTotal, Instant startedAt,
               Instant resetAt, String carriedOutBy, Instant finishedAt, String error) {

        /** As the API shows it: rate and time left are worked out from the stored counts and times. */
        Progress progress(Instant now) {
            long total = Math.max(eventsTotal, eventsDone);
            Instant from = resetAt != null ? resetAt : startedAt;
            long millis = Math.max(1, Duration.between(from, finishedAt != null ? finishedAt : now).toMillis());
            long rate = eventsDone * 1000 / millis;
            Long left = switch (state) {
                case COMPLETED -> 0L;
                case FAILED -> null;
                default -> rate == 0 ? null : Math.max(0, (total - eventsDone) / rate);
            };
            return new Progress(id, projections, state, eventsDone, total, rate, left, startedAt, finishedAt, error);
        }
    }

    private static final String COLUMNS = "SELECT job_id, projections, state, events_done, events_total, started_at, reset_at, "
            + "carried_out_by, finished_at, error FROM read_model_rebuild_job ";

    private final JdbcTemplate jdbc;

    RebuildJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A new job; a {@code DuplicateKeyException} if another is running (one at a time, ledger-wide). */
    void create(String id, List<String> projections, Instant startedAt) {
        jdbc.update("INSERT INTO read_model_rebuild_job (job_id, projections, state, started_at) VALUES (?, ?, ?, ?)",
                id, projections.toArray(String[]::new), RUNNING, Timestamp.from(startedAt));
    }

    Optional<Job> find(String id) {
        return jdbc.query(COLUMNS + "WHERE job_id = ?", RebuildJobs::job, id).stream().findFirst();
    }

    /** The running job, if any (at most one). */
    Optional<Job> active() {
        return jdbc.query(COLUMNS + "WHERE state IN ('RUNNING', 'SWITCHING')", RebuildJobs::job).stream().findFirst();
    }

    List<Job> recent(int limit) {
        return jdbc.query(COLUMNS + "ORDER BY started_at DESC LIMIT ?", RebuildJobs::job, limit);
    }

    /** The owner picks the job up: its shadow processor is being reset (in this transaction). False if already picked up. */
    boolean reset(String id, long eventsTotal, String node, Instant at) {
        return jdbc.update("UPDATE read_model_rebuild_job SET reset_at = ?, carried_out_by = ?, events_total = ?, events_done = 0 "
                + "WHERE job_id = ? AND state = 'RUNNING' AND reset_at IS NULL", Timestamp.from(at), node, eventsTotal, id) == 1;
    }

    /** Events the shadow processor folded, counted in the transaction of its batch. */
    void counted(int events) {
        if (events > 0) {
            jdbc.update("UPDATE read_model_rebuild_job SET events_done = events_done + ? WHERE state IN ('RUNNING', 'SWITCHING')", events);
        }
    }

    boolean switching(String id) {
        return jdbc.update("UPDATE read_model_rebuild_job SET state = 'SWITCHING' WHERE job_id = ? AND state IN ('RUNNING', 'SWITCHING')",
                id) == 1;
    }

    /** The switch committed: every event the shadow folded is now in the live tables. */
    boolean completed(String id, String node, Instant at) {
        return jdbc.update("UPDATE read_model_rebuild_job SET state = 'COMPLETED', events_total = events_done, carried_out_by = ?, "
                + "finished_at = ? WHERE job_id = ? AND state = 'SWITCHING'", node, Timestamp.from(at), id) == 1;
    }

    boolean failed(String id, String error, Instant at) {
        return jdbc.update("UPDATE read_model_rebuild_job SET state = 'FAILED', error = ?, finished_at = ? "
                + "WHERE job_id = ? AND state IN ('RUNNING', 'SWITCHING')", error, Timestamp.from(at), id) == 1;
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        return new Job(rs.getString(1), Arrays.asList((String[]) rs.getArray(2).getArray()), rs.getString(3), rs.getLong(4),
                rs.getLong(5), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), rs.getString(8), instant(rs.getTimestamp(9)),
                rs.getString(10));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
