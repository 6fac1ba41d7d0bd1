package org.coordination.ledger.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventHistory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The timeline: every event, indexed by effective time, with recorded time, actor and citation. */
@Component
@ProcessingGroup("read-models")
public class TimelineProjector {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EventHistory history;

    TimelineProjector(JdbcTemplate jdbc, ObjectMapper json, EventHistory history) {
        this.jdbc = jdbc;
        this.json = json;
        this.history = history;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) throws JsonProcessingException {
        EventEnvelope e = history.fromTracked(event, message);
        jdbc.update(insert("timeline_entry"), row(e, json));
    }

    /** The insert of one timeline row into {@code table} (the live one, or a rebuild's). */
    public static String insert(String table) {
        // a redelivered event is already there: the global index is the key
        return "INSERT INTO " + table + " (global_index, effective_at, recorded_at, aggregate_type, aggregate_id, sequence, event_id, "
                + "event_type, principal, role, citation, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb) "
                + "ON CONFLICT (global_index) DO NOTHING";
    }

    public static Object[] row(EventEnvelope e, ObjectMapper json) throws JsonProcessingException {
        return new Object[] {e.globalIndex(), Timestamp.from(e.effectiveAt()), Timestamp.from(e.recordedAt()), e.aggregateType(),
                e.aggregateId(), e.sequence(), e.eventId(), e.event().getClass().getSimpleName(), e.principal(), e.role(), e.citation(),
                json.writeValueAsString(e.event())};
    }
}
