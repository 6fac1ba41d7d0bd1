package org.coordination.ledger.readmodel.rebuild;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.springframework.stereotype.Component;

/**
 * The handler of the shadow processor "read-models-rebuild": folds every event into the shadow tables.
 * A batch's rows, its count in the job's {@code events_done} and the shadow's token commit in one
 * transaction (the batch is a resource of the unit of work: if it rolls back, nothing of it is left).
 * A reset of the shadow processor (the start of a rebuild) creates the shadow tables afresh, in the
 * transaction that resets its token.
 */
@Component
@ProcessingGroup(RebuildProcessing.SHADOW_PROCESSOR)
class ShadowProjector {

    private static final String BATCH = ShadowProjector.class.getName() + ".batch";

    private final ReadSideShadow shadow;
    private final RebuildJobs jobs;
    private final ShadowTables shadowTables;

    ShadowProjector(ReadSideShadow shadow, RebuildJobs jobs, ShadowTables shadowTables) {
        this.shadow = shadow;
        this.jobs = jobs;
        this.shadowTables = shadowTables;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        ReadSideShadow.Batch batch = root.getOrComputeResource(BATCH, key -> {
            ReadSideShadow.Batch created = shadow.batch();
            root.onPrepareCommit(unitOfWork -> {
                created.flush();
                jobs.counted(created.events());
            });
            return created;
        });
        batch.fold(event, message);
    }

    /** The start of a rebuild: empty copies of every read-side table (same columns, keys and indexes). */
    @ResetHandler
    void prepareShadowTables() {
        shadowTables.create();
    }
}
