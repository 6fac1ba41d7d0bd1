package org.coordination.ledger.alert;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.readmodel.EventHistory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Keeps the open alerts ({@link AlertRules}) in the read-models processor. */
@Component
@ProcessingGroup("read-models")
class AlertProjector {

    private final JdbcTemplate jdbc;
    private final EventHistory history;

    AlertProjector(JdbcTemplate jdbc, EventHistory history) {
        this.jdbc = jdbc;
        this.history = history;
    }

    @EventHandler
    void on(ContributionEvent event, DomainEventMessage<?> message) {
        AlertRules.apply(history.fromTracked(event, message), jdbc, "alert");
    }
}
