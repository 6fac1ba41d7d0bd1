package org.coordination.ledger.contract.common;

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

    private Identifiers() {
    }

    // The checks below are the patterns above written out as loops over the characters: every event read from the
    // store builds its ids again, so a rebuild checks millions of them, and a regex match was about 8 % of the
    // reading thread's time (docs/benchmarks.md, change 84). IdentifiersTest holds them to the patterns.

    public static String slug(String value, String what) {
        if (!isSlug(value)) {
            throw new InvalidIdentifierException(what, value, "lower-case letters, digits and dashes, at most 64 characters");
        }
        return value;
    }

    public static String code(String value, String what) {
        if (!isCode(value)) {
            throw new InvalidIdentifierException(what, value, "upper-case letters, digits, '-' or '_', 2 to 32 characters");
        }
        return value;
    }

    public static String nation(String value, String what) {
        if (!isNation(value)) {
            throw new InvalidIdentifierException(what, value, "an ISO 3166-1 alpha-3 code such as USA");
        }
        return value;
    }

    /** {@link #SLUG_PATTERN}. */
    static boolean isSlug(String value) {
        if (value == null || value.isEmpty() || value.length() > 64 || !(lower(value.charAt(0)) || digit(value.charAt(0)))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(lower(c) || digit(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** {@link #CODE_PATTERN}. */
    static boolean isCode(String value) {
        if (value == null || value.length() < 2 || value.length() > 32 || !upper(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(upper(c) || digit(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@link #NATION_PATTERN}. */
    static boolean isNation(String value) {
        return value != null && value.length() == 3 && upper(value.charAt(0)) && upper(value.charAt(1)) && upper(value.charAt(2));
    }

    private static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }
}
