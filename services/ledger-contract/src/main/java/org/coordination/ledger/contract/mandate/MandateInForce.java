package org.coordination.ledger.contract.mandate;

import java.time.LocalDate;

/**
 * The one definition of a mandate being in force (its "active" status): from the day it takes effect,
 * up to but not including the day it expires, unless it was ended. The mandate aggregate, the lookup
 * other aggregates consult, the read model and subscribers all ask this, so they cannot disagree.
 */
public final class MandateInForce {

    private MandateInForce() {
    }

    public static boolean on(LocalDate date, LocalDate effectiveFrom, LocalDate expiresOn, boolean ended) {
        return !ended && effectiveFrom != null && expiresOn != null && !date.isBefore(effectiveFrom) && date.isBefore(expiresOn);
    }
}
