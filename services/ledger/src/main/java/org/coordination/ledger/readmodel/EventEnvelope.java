package org.coordination.ledger.readmodel;

import java.time.Instant;
import org.coordination.ledger.contract.common.LedgerEvent;

/** An event with where it stands in the ledger and its provenance, as views apply it. */
public record EventEnvelope(LedgerEvent event, long globalIndex, String eventId, String aggregateType, String aggregateId,
                            long sequence, Instant effectiveAt, Instant recordedAt, String principal, String role,
                            String citation) {
}
