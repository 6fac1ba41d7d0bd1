package org.coordination.ledger.transparency;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

/**
 * Appends every event to the Merkle log, from its own streaming processor ("merkle-log"), off the command path: the
 * events' ids are gathered per batch and appended when the batch prepares to commit, in the transaction that moves
 * the processor's token, so the log and the token move together or not at all. One segment, so one writer across
 * the cluster (the token's claim) and leaves in the order the processor saw the events committed. No dead-letter
 * queue: the log skips nothing; a batch that fails is retried.
 *
 * <p>The handler takes the message, not the payload: the log needs an event's id, never its deserialized content
 * (its hash comes from the store's chain hash, in the database).
 */
@Component
@ProcessingGroup(MerkleLogAppender.PROCESSING_GROUP)
class MerkleLogAppender {

    static final String PROCESSING_GROUP = "merkle-log";
    private static final String BATCH = MerkleLogAppender.class.getName() + ".batch";

    private final MerkleLogStore store;

    MerkleLogAppender(MerkleLogStore store) {
        this.store = store;
    }

    @EventHandler
    void on(EventMessage<?> message) {
        if (!CurrentUnitOfWork.isStarted()) {
            store.append(List.of(message.getIdentifier()));
            return;
        }
        batch().add(message.getIdentifier());
    }

    private List<String> batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            List<String> eventIds = new ArrayList<>();
            root.onPrepareCommit(unitOfWork -> store.append(eventIds));
            return eventIds;
        });
    }
}
