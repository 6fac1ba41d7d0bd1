package org.coordination.ledger.contract.mandate;

import java.time.LocalDate;

/**
 * The one definition of a mandate being in force (its "active" status): from the day it takes effect,
 * up to but not including the day it expires, unless it was ended; {@link MandateStatus} says which of
 * its other statuses it is in instead. The mandate aggregate, the lookup
 * other aggregates consult, the read model and subscribers all ask this, so they cannot disagree.
 */
public final class MandateInForce {

    private MandateInForce() {
    }

    /** {@code ended} without its reason: any end takes a mandate out of force ({@link MandateStatus}). */
    public static boolean on(LocalDate date, LocalDate effectiveFrom, LocalDate expiresOn, boolean ended) {
        return on(date, effectiveFrom, expiresOn, ended ? MandateEndReason.TERMINATED : null);
    }

    /** Not yet authorized (no period) is not in force; otherwise {@link MandateStatus#inForce()}. */
    public static boolean on(LocalDate date, LocalDate effectiveFrom, LocalDate expiresOn, MandateEndReason endedBecause) {
        return effectiveFrom != null && expiresOn != null && MandateStatus.on(date, effectiveFrom, expiresOn, endedBecause).inForce();
    }
}
