package org.coordination.ledger.contract.contribution;

/** Readiness level of a pledge. */
public enum Readiness {
    L1,
    L2,
    L3,
    RAPID_DEPLOYMENT
}
