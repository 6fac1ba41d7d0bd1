package org.coordination.ledger.commandbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.coordination.ledger.eventstore.LocalCommits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The store's reader is woken (and the commit counted) once the events are visible: at once after a unit of
 * work that owned its transaction, after the enclosing transaction's commit for one that joined it, never for
 * one whose enclosing transaction rolled back.
 */
class GroupAwareEventStoreTest {

    final LocalCommits commits = new LocalCommits();
    final GroupAwareEventStore store = new GroupAwareEventStore(
            EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()), commits);

    @AfterEach
    void clear() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
        store.shutDown();
    }

    @Test
    void outsideAnyTransactionTheCommitIsCountedAtOnce() {
        store.afterCommit(List.of());
        assertThat(commits.count()).isEqualTo(1);
    }

    @Test
    void insideAnEnclosingTransactionItIsCountedWhenThatCommits() {
        TransactionSynchronizationManager.initSynchronization();
        store.afterCommit(List.of());
        assertThat(commits.count()).as("the enclosing transaction has not committed").isZero();

        TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        assertThat(commits.count()).isEqualTo(1);
    }

    @Test
    void anEnclosingTransactionThatRollsBackWakesNothing() {
        TransactionSynchronizationManager.initSynchronization();
        store.afterCommit(List.of());

        TransactionSynchronizationManager.getSynchronizations()
                .forEach(synchronization -> synchronization.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
        assertThat(commits.count()).isZero();
    }
}
