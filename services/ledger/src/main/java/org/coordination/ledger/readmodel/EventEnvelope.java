package org.coordination.ledger.readmodel;

import java.time.Instant;
import org.coordination.ledger.contract.common.LedgerEvent;

/** An event with where it stands in the ledger and its provenance, as the read side consumes it. */
public record EventEnvelope(LedgerEvent event, long globalIndex, String eventId, String aggregateType, String aggregateId,
                            long sequence, Instant effectiveAt, Instant recordedAt, String principal, String role,
                            String citation) {

    /** What a fold may read besides the event. */
    public EventMeta meta() {
        return new EventMeta(aggregateType, aggregateId, sequence, effectiveAt, recordedAt, principal, role, citation);
    }
}
