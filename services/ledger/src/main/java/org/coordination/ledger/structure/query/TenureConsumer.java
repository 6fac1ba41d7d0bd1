package org.coordination.ledger.structure.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.ReadSideConsumer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The posts' tenures: a row per appointment and per relief, which {@link PostTenures} pairs into tenures when a
 * structure is read. Kept apart from the structure's document, which every event of the structure rewrites: inside
 * it the tenures made each write grow with the structure's whole history.
 */
@Component
@Order(3)
class TenureConsumer implements ReadSideConsumer {

    static final String TABLE = "post_tenure_event";

    /** A row's columns, in the order of {@link #row}; the global index is the key (a redelivered event's row is there already). */
    static final List<String> COLUMNS = List.of("global_index", "structure_id", "sequence", "post_id", "kind", "effective_at",
            "recorded_at", "tenure_at", "name", "title_or_rank", "nationality", "reason");

    @Override
    public String name() {
        return "tenures";
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
        switch (envelope.event()) {
            case LeadAppointed e -> writes.insert(COLUMNS, row(envelope, e.structureId().value(), e.postId().value(),
                    PostTenures.APPOINTED, e.effectiveAt(), e.appointee(), null));
            case LeadRelieved e -> writes.insert(COLUMNS, row(envelope, e.structureId().value(), e.postId().value(),
                    PostTenures.RELIEVED, e.effectiveAt(), null, e.reason()));
            default -> {
                // no other event opens or closes a tenure
            }
        }
    }

    private static Object[] row(EventEnvelope envelope, String structureId, String postId, String kind, Instant at,
                                Appointee appointee, String reason) {
        return new Object[] {envelope.globalIndex(), structureId, envelope.sequence(), postId, kind,
                Timestamp.from(envelope.effectiveAt()), Timestamp.from(envelope.recordedAt()), Timestamp.from(at),
                appointee == null ? null : appointee.name(), appointee == null ? null : appointee.titleOrRank(),
                appointee == null ? null : appointee.nationality().value(), reason};
    }
}
