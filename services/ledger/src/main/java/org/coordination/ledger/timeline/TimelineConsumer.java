package org.coordination.ledger.timeline;

import java.sql.Timestamp;
import java.util.List;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.ReadSideConsumer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The timeline: every event, indexed by effective time, with recorded time, actor and citation. One
 * row per event, whatever its family (so it needs no dispatch over events), written by the read-models
 * processor (live) and by a rebuild (into its copy of the table). The event's payload stays in the event
 * table, where a page reads it.
 */
@Component
@Order(1)
class TimelineConsumer implements ReadSideConsumer {

    static final String TABLE = "timeline_entry";

    @Override
    public String name() {
        return "timeline";
    }

    @Override
    public String table() {
        return TABLE;
    }

    @Override
    public String primaryKey() {
        return "global_index";
    }

    @Override
    public void handle(EventEnvelope envelope, Writes writes) {
        writes.insert(COLUMNS, row(envelope));
    }

    /**
     * A timeline row's columns, in the order of {@link #row}; the global index is the key (a redelivered
     * event's row is there already). Not the payload: a page reads it from the event by its global index.
     */
    static final List<String> COLUMNS = List.of("global_index", "effective_at", "recorded_at", "aggregate_type", "aggregate_id",
            "sequence", "event_id", "event_type", "principal", "role", "citation");

    Object[] row(EventEnvelope e) {
        return new Object[] {e.globalIndex(), Timestamp.from(e.effectiveAt()), Timestamp.from(e.recordedAt()), e.aggregateType(),
                e.aggregateId(), e.sequence(), e.eventId(), e.event().getClass().getSimpleName(), e.principal(), e.role(), e.citation()};
    }
}
