package org.coordination.ledger.commandbus;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.coordination.ledger.eventstore.LocalCommits;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's embedded event store, which wakes the processors' reader after each commit, except after a group
 * member's: that "commit" is only the member's unit of work, and the reader woken then would find nothing
 * yet (one wasted read of the store per member, measured) and sleep until its next poll. The group
 * commit wakes it once, after the database commit, by publishing nothing ({@link GroupCommit#commit}).
 * A unit of work inside a transaction it does not own wakes it after that transaction commits. Each wake
 * is counted first ({@link LocalCommits}), so that the reader knows a read is worth making. And a group member's
 * new aggregate is loaded without a read of the store ({@link #readEvents(String)}).
 */
public final class GroupAwareEventStore extends EmbeddedEventStore {

    private final LocalCommits commits;

    public GroupAwareEventStore(Builder builder, LocalCommits commits) {
        super(builder);
        this.commits = commits;
    }

    /**
     * A group member's new stream ({@link GroupCommit#newStream}) is read as empty without asking the store: only
     * the events its own unit of work staged, as Axon adds them to what it reads.
     */
    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        if (GroupCommit.newStream(aggregateIdentifier)) {
            return DomainEventStream.of(stagedDomainEventMessages(aggregateIdentifier));
        }
        return super.readEvents(aggregateIdentifier);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (GroupCommit.inGroup()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // the unit of work joined a transaction still open (a command with an Idempotency-Key claims its key
            // in it): its events are visible once that commits, and the reader woken before would find nothing
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake(events);
                }
            });
            return;
        }
        wake(events);
    }

    private void wake(List<? extends EventMessage<?>> events) {
        commits.committed();
        super.afterCommit(events);
    }
}
