package org.coordination.ledger.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.coordination.ledger.alert.AlertRules;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.timeline.TimelineRows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps every read model: the documents, the timeline and the alerts, in that order for each event,
 * as a replay does. Runs in the "read-models" streaming processor (one segment, so one document is
 * never written by two threads); its token commits in the same transaction as the rows.
 */
@Component
@ProcessingGroup(ReadModelProjector.PROCESSING_GROUP)
class ReadModelProjector {

    static final String PROCESSING_GROUP = "read-models";

    private final ReadModels readModels;
    private final EventHistory history;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ReadModelProjector(ReadModels readModels, EventHistory history, JdbcTemplate jdbc, ObjectMapper json) {
        this.readModels = readModels;
        this.history = history;
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) throws JsonProcessingException {
        // one envelope per event: its global index is looked up once, not once per read model
        EventEnvelope envelope = history.fromTracked(event, message);
        readModels.project(envelope, readModels.liveDocuments(), ReadModels.models());
        jdbc.update(TimelineRows.insert("timeline_entry"), TimelineRows.row(envelope, json));
        if (event instanceof ContributionEvent) {
            AlertRules.apply(envelope, jdbc, "alert");
        }
    }
}
