package org.coordination.ledger.contract.structure;

/** Who may hold a post. */
public enum Eligibility {
    ANY,
    CIVILIAN_ONLY,
    MILITARY_ONLY
}
