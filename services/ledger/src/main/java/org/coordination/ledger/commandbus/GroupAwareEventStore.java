package org.coordination.ledger.commandbus;

import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

/**
 * Axon's embedded event store, which wakes the processors' reader after each commit, except after a group
 * member's: that "commit" is only the member's unit of work, and the reader woken then would find nothing
 * yet (one wasted read of the store per member, measured) and sleep until its next poll. The group
 * commit wakes it once, after the database commit, by publishing nothing ({@link GroupCommit#commit}).
 */
public final class GroupAwareEventStore extends EmbeddedEventStore {

    public GroupAwareEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (!GroupCommit.inGroup()) {
            super.afterCommit(events);
        }
    }
}
