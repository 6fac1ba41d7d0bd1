package org.coordination.ledger.contract.mandate;

/** Why a mandate ended. */
public enum MandateEndReason {
    EXPIRED,
    TERMINATED
}
