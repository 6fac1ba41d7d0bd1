package org.coordination.ledger.contract.contribution;

/** Command authority, declared from narrowest to widest; FULL_COMMAND (national command) is never transferred. */
public enum AuthorityLevel {
    TACON,
    TACOM,
    OPCON,
    OPCOM,
    FULL_COMMAND
}
