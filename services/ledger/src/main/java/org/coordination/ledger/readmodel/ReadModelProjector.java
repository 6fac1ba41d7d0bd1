package org.coordination.ledger.readmodel;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializationException;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.springframework.stereotype.Component;

/**
 * Keeps every read model ({@link LiveReadSide}) in the "read-models" streaming processor (one segment,
 * so one document is never written by two threads); its token commits in the same transaction as the
 * rows.
 *
 * <p>The processor hands over events in batches; a batch of {@link LiveReadSide} is a resource of the
 * unit of work, written when it prepares to commit: if it rolls back, the batch goes with it and nothing
 * of it stays in memory. An event whose fold fails is dead-lettered by the processor, which goes on
 * with the batch; the fold has left nothing of it behind.
 */
@Component
@ProcessingGroup(ReadModelProjector.PROCESSING_GROUP)
class ReadModelProjector {

    static final String PROCESSING_GROUP = "read-models";
    private static final String BATCH = ReadModelProjector.class.getName() + ".batch";

    private final LiveReadSide readSide;
    private final EventHistory history;

    ReadModelProjector(LiveReadSide readSide, EventHistory history) {
        this.readSide = readSide;
        this.history = history;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) {
        // one envelope per event: its global index is looked up once, not once per read model
        EventEnvelope envelope = history.fromTracked(event, message);
        if (!CurrentUnitOfWork.isStarted()) {
            LiveReadSide.Batch alone = readSide.batch();
            alone.fold(envelope);
            alone.flush(); // outside a unit of work: no commit to wait for, so nothing is kept
            return;
        }
        batch().fold(envelope);
    }

    private LiveReadSide.Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            LiveReadSide.Batch batch = readSide.batch();
            if (root instanceof BatchingUnitOfWork<?> events) {
                batch.prefetch(payloads(events.getMessages()));
            }
            root.onPrepareCommit(unitOfWork -> batch.flush());
            root.afterCommit(unitOfWork -> batch.afterCommit());
            return batch;
        });
    }

    /**
     * The ledger's events of a processor's batch, for their documents to be read ahead. A payload that cannot
     * be read is left out here; its event fails when it is handled, as it would have.
     */
    private static List<LedgerEvent> payloads(List<?> messages) {
        List<LedgerEvent> events = new ArrayList<>(messages.size());
        for (Object message : messages) {
            try {
                if (message instanceof DomainEventMessage<?> domain && domain.getPayload() instanceof LedgerEvent event) {
                    events.add(event);
                }
            } catch (SerializationException unreadable) {
                // handled (and dead-lettered) with its event
            }
        }
        return events;
    }
}
