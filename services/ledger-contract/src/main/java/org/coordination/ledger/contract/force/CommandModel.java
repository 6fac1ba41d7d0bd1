package org.coordination.ledger.contract.force;

/** How the force's command is organized. */
public enum CommandModel {
    LEAD_NATION,
    INTEGRATED,
    PARALLEL
}
