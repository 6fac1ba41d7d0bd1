package org.coordination.ledger.contract.consent;

/** The role of a consenting party. */
public enum PartyRole {
    HOST_STATE,
    TERRITORIAL_AUTHORITY,
    TRANSIT_STATE,
    GUARANTOR
}
