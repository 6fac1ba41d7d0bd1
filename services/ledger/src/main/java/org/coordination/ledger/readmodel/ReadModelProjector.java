package org.coordination.ledger.readmodel;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.springframework.stereotype.Component;

/**
 * Keeps the read model documents. Runs in the "read-models" streaming processor (one segment, so one
 * document is never written by two threads); its token commits in the same transaction as the rows.
 */
@Component
@ProcessingGroup(ReadModelProjector.PROCESSING_GROUP)
class ReadModelProjector {

    static final String PROCESSING_GROUP = "read-models";

    private final ReadModels readModels;
    private final EventHistory history;

    ReadModelProjector(ReadModels readModels, EventHistory history) {
        this.readModels = readModels;
        this.history = history;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) {
        readModels.project(history.fromTracked(event, message), readModels.liveDocuments(), ReadModels.models());
    }
}
