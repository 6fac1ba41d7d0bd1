package org.coordination.ledger.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.force.ForceActivated;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.testsupport.RecordedWrites;
import org.junit.jupiter.api.Test;

/** One timeline row per event, of any family, buffered for the batch's single insert. */
class TimelineConsumerTest {

    @Test
    void everyEventBecomesOneRowWithItsProvenance() {
        Instant effective = Instant.parse("2025-12-01T00:00:00Z");
        Instant recorded = Instant.parse("2025-12-03T09:00:00Z");
        ForceActivated event = new ForceActivated(ForceId.of("isf"), MandateId.of("m"), StructureId.of("isf-hq"), PostId.of("cdr"), 1);
        RecordedWrites writes = new RecordedWrites("timeline_entry_rebuild");
        new TimelineConsumer().handle(new EventEnvelope(event, 7, "e-7", "Force", "isf", 4, effective, recorded,
                "coordinator", "COORDINATOR", "ISF order 2"), writes);
        assertThat(writes.now).as("the timeline writes once per batch").isEmpty();
        assertThat(writes.inserted).singleElement().satisfies(inserted -> {
            assertThat(inserted.columns()).containsExactly("global_index", "effective_at", "recorded_at", "aggregate_type", "aggregate_id",
                    "sequence", "event_id", "event_type", "principal", "role", "citation");
            Object[] row = inserted.values().toArray();
            assertThat(row).containsExactly(7L, Timestamp.from(effective), Timestamp.from(recorded), "Force", "isf", 4L, "e-7",
                    "ForceActivated", "coordinator", "COORDINATOR", "ISF order 2"); // no payload: a page reads it from the event
        });
    }
}
