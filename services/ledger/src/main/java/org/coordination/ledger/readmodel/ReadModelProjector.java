package org.coordination.ledger.readmodel;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps every read model: the documents (the registered {@link ViewType}s), then each
 * {@link ReadSideConsumer} (timeline, alerts), in that order for each event, as a rebuild does. Runs in
 * the "read-models" streaming processor (one segment, so one document is never written by two
 * threads); its token commits in the same transaction as the rows.
 *
 * <p>The processor hands over events in batches; within a batch a document is read from the table
 * once, kept as an object while the batch folds ({@link DocumentBatch}), and the batch's documents and
 * buffered rows are written in one round trip each when the unit of work prepares to commit. The batch
 * is a resource of that unit of work: if it rolls back, the batch goes with it and nothing of it stays
 * in memory. An event whose fold fails (and is dead-lettered) leaves nothing of itself behind: the
 * documents it touched are put back as they were before it, and the rows it buffered are dropped.
 */
@Component
@ProcessingGroup(ReadModelProjector.PROCESSING_GROUP)
class ReadModelProjector {

    static final String PROCESSING_GROUP = "read-models";
    private static final String BATCH = ReadModelProjector.class.getName() + ".batch";

    private final ReadModels readModels;
    private final EventHistory history;
    private final ViewStore store;
    private final JdbcTemplate jdbc;
    private final List<ReadSideConsumer> consumers;
    private final CommittedDocuments committed;

    ReadModelProjector(ReadModels readModels, EventHistory history, ViewStore store, JdbcTemplate jdbc,
                       List<ReadSideConsumer> consumers, CommittedDocuments committed) {
        this.readModels = readModels;
        this.history = history;
        this.store = store;
        this.jdbc = jdbc;
        this.consumers = consumers;
        this.committed = committed;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) {
        // one envelope per event: its global index is looked up once, not once per read model
        EventEnvelope envelope = history.fromTracked(event, message);
        Batch batch = CurrentUnitOfWork.isStarted() ? batch() : new Batch();
        batch.begin();
        try {
            readModels.project(envelope, batch.documents, readModels.models());
            for (ReadSideConsumer consumer : consumers) {
                consumer.handle(envelope, batch.writesOf(consumer));
            }
        } catch (RuntimeException failed) { // dead-lettered by the processor, which goes on with the batch
            batch.undo();
            throw failed;
        }
        batch.documents.folded(envelope);
        if (!CurrentUnitOfWork.isStarted()) {
            batch.flush(); // outside a unit of work: no commit to wait for, so nothing is kept
        }
    }

    private Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            root.onPrepareCommit(unitOfWork -> batch.flush());
            root.afterCommit(unitOfWork -> batch.afterCommit());
            return batch;
        });
    }

    /** The documents and buffered rows of one batch, written when it commits. */
    private final class Batch {
        final DocumentBatch documents = new DocumentBatch(committed::take);
        final NewRows rows = new NewRows();
        private final List<CommittedDocuments.Written> written = new ArrayList<>();
        private long version;

        /** An event starts: what it buffers can be taken back if it fails. */
        void begin() {
            rows.mark();
        }

        /** The batch committed: its documents are the committed ones, at this transaction's version. */
        void afterCommit() {
            if (!written.isEmpty()) {
                committed.committed(written, version);
            }
        }

        /** The event failed: its documents go back to their state before it, and its buffered rows are dropped. */
        void undo() {
            documents.undo(readModels);
            rows.undo();
        }

        ReadSideConsumer.Writes writesOf(ReadSideConsumer consumer) {
            return new ReadSideConsumer.Writes() {
                @Override
                public String table() {
                    return consumer.table();
                }

                @Override
                public void insert(List<String> columns, Object[] values) {
                    rows.add(consumer.table(), consumer.primaryKey(), columns, values);
                }

                @Override
                public void now(String sql, Object... arguments) {
                    jdbc.update(sql, arguments);
                }
            };
        }

        void flush() {
            if (!documents.isEmpty()) {
                version = store.writingVersion();
            }
            store.saveAll(documents.rows(pending -> {
                ViewStore.Row row = store.row(pending);
                written.add(new CommittedDocuments.Written(pending, row.document().length()));
                return row;
            }));
            rows.insert(jdbc);
        }
    }
}
