package org.coordination.ledger.testsupport;

import java.util.Map;
import org.coordination.ledger.provenance.Provenance;

/** Command metadata as the dispatcher would stamp it, for fixtures. */
public final class Meta {

    private Meta() {
    }

    /** Effective (and recorded) at the start of {@code isoDate}, e.g. "2025-11-20". */
    public static Map<String, Object> on(String isoDate) {
        String instant = isoDate + "T00:00:00Z";
        return Map.of(Provenance.EFFECTIVE_AT, instant, Provenance.RECORDED_AT, instant,
                Provenance.PRINCIPAL, "coordinator", Provenance.ROLE, "COORDINATOR");
    }
}
