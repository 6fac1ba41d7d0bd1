package org.coordination.ledger.contract.contribution;

/** Life cycle of a pledge; blocked is a flag beside it. */
public enum ContributionState {
    CONDITIONAL,
    OFFERED,
    COMMITTED,
    DEPLOYED,
    WITHDRAWN,
    REJECTED
}
