package org.coordination.ledger.contract.mandate;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Where an authorized mandate stands on a date, defined once: not yet in effect, in force, past its
 * expiry without having been ended, or ended (expired or terminated). The mandate aggregate, the lookup,
 * the read model and subscribers all ask this, through {@link MandateInForce} or directly.
 *
 * <p>Every predicate is a switch over all constants without a default: a new status does not compile
 * until each predicate has been decided for it.
 */
public enum MandateStatus {
    /** Authorized, but the date is before it takes effect. */
    AUTHORIZED,
    /** In force: from the day it takes effect up to, not including, the day it expires. */
    ACTIVE,
    /** Its expiry date has passed and no one has ended it yet (EndMandate EXPIRED records that). */
    LAPSED,
    /** Ended as expired. */
    EXPIRED,
    /** Ended by an instrument. */
    TERMINATED;

    /** The mandate authorizes the force on that date. */
    public boolean inForce() {
        return switch (this) {
            case ACTIVE -> true;
            case AUTHORIZED, LAPSED, EXPIRED, TERMINATED -> false;
        };
    }

    /** An EndMandate has been recorded. */
    public boolean ended() {
        return switch (this) {
            case EXPIRED, TERMINATED -> true;
            case AUTHORIZED, ACTIVE, LAPSED -> false;
        };
    }

    /**
     * The status on {@code date} of a mandate authorized for {@code [effectiveFrom, expiresOn)};
     * {@code endedBecause} is null while it has not been ended.
     */
    public static MandateStatus on(LocalDate date, LocalDate effectiveFrom, LocalDate expiresOn, MandateEndReason endedBecause) {
        if (endedBecause != null) {
            return switch (endedBecause) {
                case EXPIRED -> EXPIRED;
                case TERMINATED -> TERMINATED;
            };
        }
        if (date.isBefore(effectiveFrom)) {
            return AUTHORIZED;
        }
        return date.isBefore(expiresOn) ? ACTIVE : LAPSED;
    }

    /** Days from {@code date} to the expiry; negative once it has passed. */
    public static long daysToExpiry(LocalDate date, LocalDate expiresOn) {
        return ChronoUnit.DAYS.between(date, expiresOn);
    }

    /**
     * The expiry is at most {@code days} days after {@code date}: with {@link #inForce()}, the "expires
     * soon" warning of the read model and subscribers.
     */
    public static boolean expiresWithin(LocalDate date, LocalDate expiresOn, int days) {
        return daysToExpiry(date, expiresOn) <= days;
    }
}
