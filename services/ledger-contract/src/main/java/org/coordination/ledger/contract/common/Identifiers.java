package org.coordination.ledger.contract.common;

import java.util.regex.Pattern;

/**
 * Validation shared by the typed ids. Ids are chosen by the client that creates an aggregate,
 * so they are checked where they enter the system: in the id's own constructor.
 */
public final class Identifiers {

    /**
     * Ids of aggregates and of what they hold (mandates, forces, pledges, posts, …): lower-case letters,
     * digits and dashes, starting with a letter or digit, at most 64 characters, so they are safe in URLs
     * and as keys (docs/domain.md, "Identities").
     */
    public static final String SLUG_PATTERN = "^[a-z0-9](?:[a-z0-9-]{0,63})$";
    /** Short stable ids of organizations and parties: UNRWA, WFP, ICRC, ISR, PSE. */
    public static final String CODE_PATTERN = "^[A-Z][A-Z0-9_-]{1,31}$";
    /** ISO 3166-1 alpha-3. */
    public static final String NATION_PATTERN = "^[A-Z]{3}$";

    private static final Pattern SLUG = Pattern.compile(SLUG_PATTERN);
    private static final Pattern CODE = Pattern.compile(CODE_PATTERN);
    private static final Pattern NATION = Pattern.compile(NATION_PATTERN);

    private Identifiers() {
    }

    public static String slug(String value, String what) {
        return check(value, SLUG, what, "lower-case letters, digits and dashes, at most 64 characters");
    }

    public static String code(String value, String what) {
        return check(value, CODE, what, "upper-case letters, digits, '-' or '_', 2 to 32 characters");
    }

    public static String nation(String value, String what) {
        return check(value, NATION, what, "an ISO 3166-1 alpha-3 code such as USA");
    }

    private static String check(String value, Pattern pattern, String what, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidIdentifierException(what, value, rule);
        }
        return value;
    }
}
