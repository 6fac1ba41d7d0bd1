package org.coordination.ledger.readmodel.rebuild;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.readmodel.DocumentBatch;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventHistory;
import org.coordination.ledger.readmodel.NewRows;
import org.coordination.ledger.readmodel.ReadModels;
import org.coordination.ledger.readmodel.ReadSideConsumer;
import org.coordination.ledger.readmodel.View;
import org.coordination.ledger.readmodel.ViewKey;
import org.coordination.ledger.readmodel.ViewStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rebuild's one seam to the read side: the only class here that knows how events are folded into
 * read models. It folds an event into shadow copies of the live tables ({@code <table>_rebuild}) with
 * the same code the live "read-models" processor runs: {@link ReadModels#project} for the documents,
 * then every {@link ReadSideConsumer} (alerts, tenures), and it reads the store's events for the bulk
 * replay ({@link EventHistory#range}). Everything else in this package knows only
 * table names, the projections' names and the live processor's name.
 */
@Component
class ReadSideShadow {

    /** The live processor whose tables and token a rebuild replaces. */
    static final String LIVE_PROCESSOR = "read-models";
    private static final String DOCUMENTS = ViewStore.TABLE;

    /** A live table and its copy being rebuilt. */
    record Table(String live, String shadow) {
    }

    private final ReadModels readModels;
    private final EventHistory history;
    private final List<ReadSideConsumer> consumers;
    private final JdbcTemplate jdbc;
    private final ViewStore store;

    ReadSideShadow(ReadModels readModels, EventHistory history, List<ReadSideConsumer> consumers, JdbcTemplate jdbc, ViewStore store) {
        this.readModels = readModels;
        this.history = history;
        this.consumers = List.copyOf(consumers);
        this.jdbc = jdbc;
        this.store = store;
    }

    /** What can be rebuilt, by name: every document kind, then every other read-side table (alerts, tenures). */
    List<String> projections() {
        List<String> all = new ArrayList<>(readModels.models().stream().sorted().toList());
        consumers.forEach(consumer -> all.add(consumer.name()));
        return all;
    }

    /** Every table of the read side, with its shadow copy. */
    List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        tables.add(new Table(DOCUMENTS, shadow(DOCUMENTS)));
        consumers.forEach(consumer -> tables.add(new Table(consumer.table(), shadow(consumer.table()))));
        return tables;
    }

    private static String shadow(String table) {
        return table + "_rebuild";
    }

    /** The store's events a bulk reads, in chunks (see {@link EventHistory#range} and {@link EventHistory#head}). */
    EventHistory history() {
        return history;
    }

    /** Events folded into the shadow tables within one transaction; written by {@link Batch#flush()}. */
    Batch batch() {
        return new Batch();
    }

    /**
     * One batch: documents are read from the shadow table once, kept as objects while the batch folds
     * ({@link DocumentBatch}) and written in one round trip when it commits. The shadow processor has no
     * dead-letter queue: a fold that fails rolls the whole batch back, and the batch, a resource of that
     * unit of work, goes with it.
     */
    final class Batch {
        private final DocumentBatch documents = new DocumentBatch(new DocumentBatch.Loader() {
            @Override
            public <D extends View> Optional<D> load(ViewKey key, Class<D> type) {
                return store.loadFrom(shadow(DOCUMENTS), key, type);
            }
        });
        private final NewRows rows = new NewRows();
        private int events;

        /**
         * Reads ahead, in as few statements as {@link ViewStore#loadAll} needs, every document {@code events} (a chunk of
         * the bulk) fold into. Otherwise each is read when the first of its events is folded, a statement per document per
         * chunk, most of them finding no row (the tables start empty): in a rebuild of a million events those reads were
         * the bulk's largest wait, a pledge's events and a structure's spread over many chunks (docs/benchmarks.md, change 82).
         */
        void prefetch(Collection<? extends LedgerEvent> events) {
            Map<ViewKey, Class<? extends View>> wanted = new LinkedHashMap<>();
            events.forEach(event -> readModels.documentsOf(event, wanted));
            if (!wanted.isEmpty()) {
                List<ViewStore.Wanted> keys = new ArrayList<>(wanted.size());
                wanted.forEach((key, type) -> keys.add(new ViewStore.Wanted(key, type, -1, null))); // nothing kept: read each row
                documents.preload(wanted.keySet(), store.loadAll(shadow(DOCUMENTS), keys));
            }
        }

        void fold(LedgerEvent event, DomainEventMessage<?> message) {
            fold(history.fromTracked(event, message));
        }

        void fold(EventEnvelope envelope) {
            readModels.project(envelope, documents, readModels.models());
            for (ReadSideConsumer consumer : consumers) {
                consumer.handle(envelope, writes(consumer));
            }
            documents.folded(envelope);
            events++;
        }

        /** How many events this batch folded. */
        int events() {
            return events;
        }

        private ReadSideConsumer.Writes writes(ReadSideConsumer consumer) {
            return new ReadSideConsumer.Writes() {
                @Override
                public String table() {
                    return shadow(consumer.table());
                }

                @Override
                public void insert(List<String> columns, Object[] values) {
                    rows.add(shadow(consumer.table()), consumer.primaryKey(), columns, values);
                }

                @Override
                public void now(String sql, Object... arguments) {
                    jdbc.update(sql, arguments);
                }
            };
        }

        void flush() {
            store.saveAll(shadow(DOCUMENTS), documents.rows(store::row));
            rows.copy(jdbc); // the shadow tables are new: no row of these events can be there yet
        }
    }
}
