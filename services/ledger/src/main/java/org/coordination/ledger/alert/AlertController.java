package org.coordination.ledger.alert;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.coordination.ledger.readmodel.AsOf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/alerts}: the alerts policies raised that are still open (as of a time, if asked). */
@RestController
@Tag(name = "Reads")
class AlertController {

    /** An alert for people to decide. */
    record Alert(String alertId, Instant raisedAt, String contributionId, String forceId, String nation, String reason,
                 String raisedBy, Instant closedAt, String closedBecause) {
    }

    private final JdbcTemplate jdbc;

    AlertController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/alerts")
    @Operation(summary = "Open alerts raised by policies")
    List<Alert> alerts(@RequestParam(required = false) String forceId, @RequestParam(required = false) String asOf,
                       @RequestParam(defaultValue = "false") boolean includeClosed) {
        AsOf at = AsOf.parse(asOf, null);
        StringBuilder sql = new StringBuilder("SELECT alert_id, raised_at, contribution_id, force_id, nation, reason, raised_by, closed_at, "
                + "closed_because FROM alert WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (at.effective() != null) {
            sql.append(" AND raised_at <= ?");
            args.add(Timestamp.from(at.effective()));
            if (!includeClosed) {
                sql.append(" AND (closed_at IS NULL OR closed_at > ?)");
                args.add(Timestamp.from(at.effective()));
            }
        } else if (!includeClosed) {
            sql.append(" AND closed_at IS NULL");
        }
        if (forceId != null) {
            sql.append(" AND force_id = ?");
            args.add(forceId);
        }
        sql.append(" ORDER BY raised_at, global_index");
        return jdbc.query(sql.toString(), (rs, i) -> new Alert(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), rs.getString(9)), args.toArray());
    }
}
