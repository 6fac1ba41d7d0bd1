package org.coordination.ledger.readmodel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Folds events into the live read-side tables: the documents (the registered {@link ViewType}s), then
 * each {@link ReadSideConsumer} (alerts, tenures), in that order for each event, as a rebuild does.
 * The "read-models" processor ({@link ReadModelProjector}) folds through it, one batch per unit of
 * work, and so does a catch-up in bulk after a long stop (the rebuild package's {@code LiveCatchUp}),
 * one batch per chunk of the store.
 *
 * <p>Within a batch a document is read from the table once, kept as an object while the batch folds
 * ({@link DocumentBatch}), and the batch's documents and buffered rows are written in one round trip
 * each by {@link Batch#flush()}. An event whose fold fails leaves nothing of itself behind: the
 * documents it touched are put back as they were before it, and the rows it buffered are dropped.
 */
@Component
public class LiveReadSide {

    private final ReadModels readModels;
    private final ViewStore store;
    private final JdbcTemplate jdbc;
    private final List<ReadSideConsumer> consumers;
    private final CommittedDocuments committed;

    LiveReadSide(ReadModels readModels, ViewStore store, JdbcTemplate jdbc, List<ReadSideConsumer> consumers, CommittedDocuments committed) {
        this.readModels = readModels;
        this.store = store;
        this.jdbc = jdbc;
        this.consumers = List.copyOf(consumers);
        this.committed = committed;
    }

    /** The advisory lock a batch holds until its transaction ends: "readside" in ASCII, apart from the Merkle log's locks. */
    public static final long BATCH_LOCK = 0x7265616473696465L;

    /**
     * A batch, to be flushed in the transaction it folds in; {@link Batch#afterCommit()} once that committed. One batch
     * folds into the live tables at a time, on every instance: the processor's batches follow one another under its
     * claim, but a dead letter retried through the audit API folds on a request thread, maybe on another instance, and two
     * batches that read a document before either wrote it would each write their own copy, the later one dropping the
     * other's fold. So a batch takes a transaction-scoped advisory lock before it reads anything, and the second waits for
     * the first's commit (then reads what it wrote).
     */
    public Batch batch() {
        jdbc.query("SELECT pg_advisory_xact_lock(?)", row -> { }, BATCH_LOCK);
        return new Batch();
    }

    /** The documents and buffered rows of one batch, written when it commits. */
    public final class Batch {
        private final DocumentBatch documents = new DocumentBatch(committed::take);
        private final NewRows rows = new NewRows();
        private final List<CommittedDocuments.Written> written = new ArrayList<>();
        private long version;

        /**
         * Reads ahead, in as few statements as {@link ViewStore#loadAll} needs, every document {@code events}
         * (the ones this batch is about to fold) fold into: otherwise each is read when the first of its events
         * is folded, a statement per document.
         */
        public void prefetch(Collection<? extends LedgerEvent> events) {
            Map<ViewKey, Class<? extends View>> wanted = new LinkedHashMap<>();
            events.forEach(event -> readModels.documentsOf(event, wanted));
            if (!wanted.isEmpty()) {
                documents.preload(wanted.keySet(), committed.takeAll(wanted));
            }
        }

        /**
         * Folds one event into the batch; if it fails, the batch is as it was before it (and the
         * processor dead-letters the event and goes on with the batch).
         */
        public void fold(EventEnvelope envelope) {
            rows.mark();
            try {
                readModels.project(envelope, documents, readModels.models());
                for (ReadSideConsumer consumer : consumers) {
                    consumer.handle(envelope, writesOf(consumer));
                }
            } catch (RuntimeException failed) {
                documents.undo(readModels);
                rows.undo();
                throw failed;
            }
            documents.folded(envelope);
        }

        /** The batch's documents and rows, written in the current transaction. */
        public void flush() {
            writeDocuments();
            rows.insert(jdbc);
        }

        /**
         * As {@link #flush()}, the rows by {@code COPY}: for events past the processor's token, whose rows
         * cannot be in the tables yet (they commit with the token that passes them). Should one be there
         * all the same, the statement fails and the transaction with it.
         */
        public void flushNew() {
            writeDocuments();
            rows.copy(jdbc);
        }

        private void writeDocuments() {
            if (!documents.isEmpty()) {
                version = store.writingVersion();
            }
            store.saveAll(documents.rows(pending -> {
                ViewStore.Row row = store.row(pending);
                written.add(new CommittedDocuments.Written(pending, row.document().length()));
                return row;
            }));
        }

        /** The batch committed: its documents are the committed ones, at this transaction's version. */
        public void afterCommit() {
            if (!written.isEmpty()) {
                committed.committed(written, version);
            }
        }

        private ReadSideConsumer.Writes writesOf(ReadSideConsumer consumer) {
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
    }
}
