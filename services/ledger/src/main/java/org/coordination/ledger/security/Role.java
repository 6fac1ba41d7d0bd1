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
    OPERATOR;

    private static final Role[] ALL = values();

    /** The role with this name, or {@code null}: an authority naming no role is not an error (no exception thrown per request). */
    static Role named(String name) {
        for (Role role : ALL) {
            if (role.name().equals(name)) {
                return role;
            }
        }
        return null;
    }
}
