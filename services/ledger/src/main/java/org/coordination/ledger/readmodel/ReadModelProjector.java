package org.coordination.ledger.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.coordination.ledger.alert.AlertRules;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.timeline.TimelineRows;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps every read model: the documents, the timeline and the alerts, in that order for each event,
 * as a replay does. Runs in the "read-models" streaming processor (one segment, so one document is
 * never written by two threads); its token commits in the same transaction as the rows.
 *
 * <p>The processor hands over events in batches; within a batch a document is read from the table
 * once, and the batch's documents and timeline rows are written in one round trip each when the batch
 * commits. A document is kept as the JSON it will be stored as, so a fold that fails half-way (and is
 * dead-lettered) leaves nothing of itself behind, exactly as a failed write-through did.
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
    private final ObjectMapper json;

    ReadModelProjector(ReadModels readModels, EventHistory history, ViewStore store, JdbcTemplate jdbc, ObjectMapper json) {
        this.readModels = readModels;
        this.history = history;
        this.store = store;
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) throws JsonProcessingException {
        // one envelope per event: its global index is looked up once, not once per read model
        EventEnvelope envelope = history.fromTracked(event, message);
        if (!CurrentUnitOfWork.isStarted()) {
            readModels.project(envelope, readModels.liveDocuments(), ReadModels.models());
            jdbc.update(TimelineRows.insert("timeline_entry"), TimelineRows.row(envelope, json));
        } else {
            Batch batch = batch();
            readModels.project(envelope, batch, ReadModels.models());
            batch.timeline.add(TimelineRows.row(envelope, json));
        }
        if (event instanceof ContributionEvent) {
            AlertRules.apply(envelope, jdbc, "alert"); // alerts read and write only their own table
        }
    }

    private Batch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            root.onPrepareCommit(unitOfWork -> batch.flush());
            return batch;
        });
    }

    /** The documents and timeline rows of one batch, written when it commits. */
    private final class Batch implements ReadModels.DocumentSink {
        final Map<ViewKey, ViewStore.Row> documents = new LinkedHashMap<>();
        final List<Object[]> timeline = new ArrayList<>();

        @Override
        public Optional<View> load(ViewKey key, Class<? extends View> type) {
            ViewStore.Row pending = documents.get(key);
            if (pending != null) {
                return Optional.of(store.read(pending.document(), type));
            }
            return store.load(key, type).map(View.class::cast);
        }

        @Override
        public void save(ViewKey key, String scopeId, View view) {
            documents.put(key, new ViewStore.Row(key, scopeId, store.write(view)));
        }

        void flush() {
            store.saveAll(documents.values());
            if (!timeline.isEmpty()) {
                jdbc.batchUpdate(TimelineRows.insert("timeline_entry"), timeline);
            }
        }
    }
}
