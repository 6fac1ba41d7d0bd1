package org.coordination.ledger.contract.contribution;

/** A condition a contributor attaches to its pledge. */
public enum ConditionType {
    MANDATE_REQUIRED,
    CONSENT_REQUIRED,
    CEASEFIRE_IN_PLACE,
    NATIONAL_APPROVAL,
    OTHER
}
