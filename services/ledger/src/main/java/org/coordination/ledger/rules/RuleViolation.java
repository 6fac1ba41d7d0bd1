package org.coordination.ledger.rules;

/**
 * A business rule refused a command. The rule code is stable UPPER_SNAKE_CASE (clients and the HTTP
 * layer rely on it); the message explains the refusal to a person.
 */
public class RuleViolation extends RuntimeException {

    private final String rule;

    public RuleViolation(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    /** Refuses with {@code rule} unless {@code condition} holds. */
    public static void require(boolean condition, String rule, String message) {
        if (!condition) {
            throw new RuleViolation(rule, message);
        }
    }

    @Override
    public String toString() {
        return "RuleViolation[" + rule + "]: " + getMessage();
    }
}
