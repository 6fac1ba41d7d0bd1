package org.coordination.ledger.alert;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.readmodel.EventHistory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Keeps the open alerts ({@link AlertRules}) in the read-models processor. */
@Component
@ProcessingGroup("read-models")
class AlertProjector {

    private final JdbcTemplate jdbc;

    AlertProjector(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ContributionEvent event, DomainEventMessage<?> message, TrackingToken token) {
        AlertRules.apply(EventHistory.fromTracked(event, message, token), jdbc, "alert");
    }
}
