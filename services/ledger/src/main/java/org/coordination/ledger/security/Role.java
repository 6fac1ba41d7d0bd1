package org.coordination.ledger.security;

/**
 * The roles of docs/api.md and docs/domain.md. A liaison is bound to one nation, a party to one consent register's party. An
 * operator runs the service: it issues no commands, sees the health details and metrics.
 */
public enum Role {
    COORDINATOR,
    REGISTRAR,
    LIAISON,
    PARTY,
    AUDITOR,
    VIEWER,
    OPERATOR
}
