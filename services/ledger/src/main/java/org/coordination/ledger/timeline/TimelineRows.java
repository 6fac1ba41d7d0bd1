package org.coordination.ledger.timeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import org.coordination.ledger.readmodel.EventEnvelope;

/**
 * The timeline: every event, indexed by effective time, with recorded time, actor and citation. One
 * row per event, written by the read-models projector (live) and by a replay (into its shadow table).
 */
public final class TimelineRows {

    private TimelineRows() {
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
