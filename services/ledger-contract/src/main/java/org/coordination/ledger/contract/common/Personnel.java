package org.coordination.ledger.contract.common;

/**
 * The bound on every count of people the ledger records, in one command or as a total: a million, above any force,
 * mission or coordination centre staff there has been. A command's count above it is refused as invalid, and a
 * total that would pass it as a broken rule, so no count, and no sum of a few of them, leaves an {@code int}: a staff
 * total of 2,147,483,647 plus one had been stored as -2,147,483,648.
 */
public final class Personnel {

    public static final int MAX = 1_000_000;

    private Personnel() {
    }
}
