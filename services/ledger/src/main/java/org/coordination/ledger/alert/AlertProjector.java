package org.coordination.ledger.alert;

import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventHistory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Open alerts for people to decide: a deployed pledge flagged by a policy (mandate lapsed, new
 * objection, consent withdrawn) or a caveat declared after transfer of authority. An alert closes when
 * its pledge leaves the force.
 */
@Component
@ProcessingGroup("read-models")
class AlertProjector {

    private final JdbcTemplate jdbc;

    AlertProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ContributionFlagged event, DomainEventMessage<?> message, TrackingToken token) {
        raise(EventHistory.fromTracked(event, message, token), event.contributionId().value(), event.reason());
    }

    @EventHandler
    void on(CaveatDeclared event, DomainEventMessage<?> message, TrackingToken token) {
        if (event.flaggedForCommander()) {
            raise(EventHistory.fromTracked(event, message, token), event.contributionId().value(),
                    "Caveat declared after transfer of authority (" + event.kind() + "): " + event.description());
        }
    }

    @EventHandler
    void on(ContributionWithdrawn event, DomainEventMessage<?> message) {
        close(event.contributionId().value(), message, "Pledge withdrawn: " + event.reason());
    }

    @EventHandler
    void on(ContributionRejected event, DomainEventMessage<?> message) {
        close(event.contributionId().value(), message, "Pledge rejected: " + event.reason());
    }

    private void raise(EventEnvelope e, String contributionId, String reason) {
        jdbc.update("INSERT INTO alert (alert_id, global_index, raised_at, contribution_id, force_id, nation, reason, raised_by) "
                        + "SELECT ?, ?, ?, ?, c.force_id, c.nation, ?, ? FROM (SELECT ? AS id) x "
                        + "LEFT JOIN lookup_contribution c ON c.contribution_id = x.id ON CONFLICT (alert_id) DO NOTHING",
                e.eventId(), e.globalIndex(), Timestamp.from(e.effectiveAt()), contributionId, reason, e.principal(), contributionId);
    }

    private void close(String contributionId, DomainEventMessage<?> message, String because) {
        EventEnvelope e = EventHistory.fromMessage(null, -1, message.getIdentifier(), message.getType(), message.getAggregateIdentifier(),
                message.getSequenceNumber(), message.getMetaData());
        jdbc.update("UPDATE alert SET closed_at = ?, closed_because = ? WHERE contribution_id = ? AND closed_at IS NULL",
                Timestamp.from(e.effectiveAt()), because, contributionId);
    }
}
