package org.coordination.ledger.readmodel;

/**
 * A read model document: a plain object that folds events. The same code keeps the current document
 * (streaming processor) and answers as-of reads (folding the store's events up to a point in time),
 * so both always agree.
 */
public interface View {

    void apply(EventEnvelope envelope);

    /** Whether any event was applied (a view of nothing does not exist). */
    boolean exists();
}
