package org.coordination.ledger.contract.mandate;

/** Use of force authorized; declared in increasing order, so ordinal comparison says which is wider. */
public enum UseOfForce {
    SELF_DEFENCE_ONLY,
    ALL_NECESSARY_MEASURES
}
