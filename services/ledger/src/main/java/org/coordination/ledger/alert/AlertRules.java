package org.coordination.ledger.alert;

import java.sql.Timestamp;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When an alert opens and closes: a deployed pledge flagged by a policy, or a caveat declared after
 * transfer of authority, opens one; the pledge leaving the force closes its alerts. Written into the
 * live table or into a rebuild's.
 */
public final class AlertRules {

    private AlertRules() {
    }

    public static void apply(EventEnvelope e, JdbcTemplate jdbc, String table) {
        Object event = e.event();
        if (event instanceof ContributionFlagged flagged) {
            raise(e, jdbc, table, flagged.contributionId().value(), flagged.reason());
        } else if (event instanceof CaveatDeclared caveat && caveat.flaggedForCommander()) {
            raise(e, jdbc, table, caveat.contributionId().value(),
                    "Caveat declared after transfer of authority (" + caveat.kind() + "): " + caveat.description());
        } else if (event instanceof ContributionWithdrawn withdrawn) {
            close(e, jdbc, table, withdrawn.contributionId().value(), "Pledge withdrawn: " + withdrawn.reason());
        } else if (event instanceof ContributionRejected rejected) {
            close(e, jdbc, table, rejected.contributionId().value(), "Pledge rejected: " + rejected.reason());
        }
    }

    private static void raise(EventEnvelope e, JdbcTemplate jdbc, String table, String contributionId, String reason) {
        jdbc.update("INSERT INTO " + table + " (alert_id, global_index, raised_at, contribution_id, force_id, nation, reason, raised_by) "
                        + "SELECT ?, ?, ?, ?, c.force_id, c.nation, ?, ? FROM (SELECT ? AS id) x "
                        + "LEFT JOIN lookup_contribution c ON c.contribution_id = x.id ON CONFLICT (alert_id) DO NOTHING",
                e.eventId(), e.globalIndex(), Timestamp.from(e.effectiveAt()), contributionId, reason, e.principal(), contributionId);
    }

    private static void close(EventEnvelope e, JdbcTemplate jdbc, String table, String contributionId, String because) {
        jdbc.update("UPDATE " + table + " SET closed_at = ?, closed_because = ? WHERE contribution_id = ? AND closed_at IS NULL",
                Timestamp.from(e.effectiveAt()), because, contributionId);
    }
}
