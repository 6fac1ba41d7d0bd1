package org.coordination.ledger.contract.structure;

/** The line a post belongs to, and the service of an appointee. */
public enum ServiceLine {
    MILITARY,
    CIVILIAN
}
