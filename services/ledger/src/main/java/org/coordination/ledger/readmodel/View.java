package org.coordination.ledger.readmodel;

/**
 * A read model document: a plain object, stored as JSON, that its {@link ViewType}'s folds update. The
 * same folds keep the current document (streaming processor) and answer as-of reads (folding the
 * store's events up to a point in time), so both always agree.
 */
public interface View {

    /** Whether the document has been established (a view of nothing does not exist). */
    boolean exists();
}
