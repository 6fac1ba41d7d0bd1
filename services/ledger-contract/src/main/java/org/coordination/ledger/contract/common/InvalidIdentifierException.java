package org.coordination.ledger.contract.common;

/** An id that breaks its format; names the kind of id and the rule so an API can say which field failed. */
public class InvalidIdentifierException extends IllegalArgumentException {

    private final String identifierKind;
    private final String rule;

    public InvalidIdentifierException(String identifierKind, String value, String rule) {
        super(identifierKind + " '" + abbreviate(value) + "' is invalid: " + rule);
        this.identifierKind = identifierKind;
        this.rule = rule;
    }

    public String identifierKind() {
        return identifierKind;
    }

    public String rule() {
        return rule;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() > 70 ? value.substring(0, 70) + "…" : value;
    }
}
