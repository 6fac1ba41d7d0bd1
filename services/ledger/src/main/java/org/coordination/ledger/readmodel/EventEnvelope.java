package org.coordination.ledger.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.coordination.ledger.contract.common.LedgerEvent;

/**
 * An event with where it stands in the ledger and its provenance, as the read side consumes it.
 *
 * @param storedPayload the payload's JSON at the event's current revision, taken from the store (so the publisher need
 *                      not write the event again): the stored bytes for an event stored at that revision, the JSON the
 *                      upcasters made of them for one stored earlier; or null where it is not at hand (see {@link #payloadJson})
 */
public record EventEnvelope(LedgerEvent event, long globalIndex, String eventId, String aggregateType, String aggregateId,
                            long sequence, Instant effectiveAt, Instant recordedAt, String principal, String role,
                            String citation, byte[] storedPayload) {

    /** An envelope without the stored payload (the event is written as JSON when it is needed). */
    public EventEnvelope(LedgerEvent event, long globalIndex, String eventId, String aggregateType, String aggregateId,
                         long sequence, Instant effectiveAt, Instant recordedAt, String principal, String role, String citation) {
        this(event, globalIndex, eventId, aggregateType, aggregateId, sequence, effectiveAt, recordedAt, principal, role, citation, null);
    }

    /**
     * The payload as JSON: the stored bytes when at hand (the event serializer wrote them with the same
     * mapper), otherwise the event written by {@code json}. Writing every event again was a tenth of the
     * read models' CPU (docs/benchmarks.md).
     */
    public byte[] payloadJson(ObjectMapper json) throws JsonProcessingException {
        return storedPayload != null ? storedPayload : json.writeValueAsBytes(event);
    }

    /** What a fold may read besides the event. */
    public EventMeta meta() {
        return new EventMeta(aggregateType, aggregateId, sequence, effectiveAt, recordedAt, principal, role, citation);
    }
}
