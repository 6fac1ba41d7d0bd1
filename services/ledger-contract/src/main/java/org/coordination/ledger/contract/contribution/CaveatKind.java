package org.coordination.ledger.contract.contribution;

/** Kinds of national caveat. */
public enum CaveatKind {
    GEOGRAPHIC,
    TASK_EXCLUSION,
    USE_OF_FORCE,
    TIME,
    OTHER
}
