package org.coordination.ledger.commandbus;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Axon's transaction manager, except on a group commit's writer while it handles a member: there the
 * database transaction is the group's, opened and committed by {@link GroupCommit}, and a member's unit
 * of work (and whatever it runs: the append, the lookup, a snapshot) joins it without committing or
 * rolling it back. Spring's own joining would not do: a member's refusal would mark the whole group's
 * transaction rollback-only.
 */
public final class GroupAwareTransactionManager implements TransactionManager {

    private final TransactionManager delegate;

    public GroupAwareTransactionManager(TransactionManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public Transaction startTransaction() {
        return GroupCommit.inGroup() ? NoTransactionManager.INSTANCE.startTransaction() : delegate.startTransaction();
    }
}
