package org.coordination.ledger.provenance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.axonframework.messaging.MetaData;
import org.coordination.ledger.eventstore.IsoInstant;

/**
 * The metadata keys every command and event carries: who acted, in which role, on what authority,
 * when it happened in the world and when the ledger learned it, and which message caused it.
 */
public final class Provenance {

    public static final String PRINCIPAL = "principal";
    public static final String ROLE = "role";
    public static final String CITATION = "citation";
    public static final String EFFECTIVE_AT = "effectiveAt";
    public static final String RECORDED_AT = "recordedAt";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    /** Set on commands a policy (process manager) sends, naming the policy. */
    public static final String POLICY = "policy";

    public static final String POLICY_ROLE = "POLICY";

    private Provenance() {
    }

    /** When the command took effect in the world; the dispatcher defaults it to the recorded time. */
    public static Instant effectiveAt(MetaData metaData) {
        Object value = metaData.get(EFFECTIVE_AT);
        if (value == null) {
            value = metaData.get(RECORDED_AT);
        }
        if (value == null) {
            throw new IllegalStateException("Command without effectiveAt or recordedAt metadata");
        }
        return IsoInstant.parse(value.toString()); // as Instant.parse, without a formatter (on every command)
    }

    public static LocalDate effectiveDate(MetaData metaData) {
        return LocalDate.ofInstant(effectiveAt(metaData), ZoneOffset.UTC);
    }
}
