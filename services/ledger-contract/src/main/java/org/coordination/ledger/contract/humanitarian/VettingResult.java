package org.coordination.ledger.contract.humanitarian;

/** Result of a vetting (never the staff lists behind it). */
public enum VettingResult {
    PASSED,
    FAILED
}
