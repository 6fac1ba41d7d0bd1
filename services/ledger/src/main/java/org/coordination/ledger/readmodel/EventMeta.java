package org.coordination.ledger.readmodel;

import java.time.Instant;

/**
 * Where an event stands and who recorded it: everything a fold may read besides the event itself. No
 * global index (a live fold and a rebuild see the same events in different global orders only for
 * late commits, and no document may depend on it) and nothing from outside the event's metadata.
 */
public record EventMeta(String aggregateType, String aggregateId, long sequence, Instant effectiveAt, Instant recordedAt,
                        String principal, String role, String citation) {
}
