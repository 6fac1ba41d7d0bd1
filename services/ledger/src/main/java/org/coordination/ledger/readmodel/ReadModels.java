package org.coordination.ledger.readmodel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.springframework.stereotype.Component;

/**
 * The document read models: the {@link ViewType}s the features registered, which document an event
 * updates, and how to read one now or as of an earlier time. It names no feature: each feature's
 * {@code query} package registers its own types as beans.
 */
@Component
public class ReadModels {

    private final Map<String, ViewType<?>> types = new LinkedHashMap<>();
    private final ViewStore store;
    private final EventHistory history;
    private final ReadLookup lookup;

    public ReadModels(List<ViewType<?>> types, ViewStore store, EventHistory history, ReadLookup lookup) {
        types.stream().sorted(java.util.Comparator.comparing(ViewType::model)).forEach(type -> {
            if (this.types.putIfAbsent(type.model(), type) != null) {
                throw new IllegalStateException("Two read models are called " + type.model());
            }
        });
        this.store = store;
        this.history = history;
        this.lookup = lookup;
    }

    /** The registered document kinds, by name. */
    public Set<String> models() {
        return types.keySet();
    }

    /** The document now (from its table) or as of an earlier time (folded from the store's events). */
    public <D extends View> Optional<D> read(ViewType<D> type, String id, AsOf asOf) {
        if (asOf.isCurrent()) {
            return store.load(new ViewKey(type.model(), id), type.documentType()).filter(View::exists);
        }
        return readAll(type, List.of(id), asOf).stream().findFirst();
    }

    /**
     * Several documents of one kind (those that exist, or existed then); as of an earlier time each is
     * folded from the events of its streams up to then, all of them read in one query: a force's roster
     * as of a time is its pledges', one query for all of them rather than one each.
     */
    public <D extends View> List<D> readAll(ViewType<D> type, List<String> ids, AsOf asOf) {
        if (asOf.isCurrent()) {
            return ids.stream().map(id -> read(type, id, asOf)).flatMap(Optional::stream).toList();
        }
        Set<String> wanted = Set.copyOf(ids);
        Map<String, D> documents = new LinkedHashMap<>();
        List<EventHistory.Stream> streams = ids.stream().flatMap(id -> type.streams().of(id, lookup).stream()).distinct().toList();
        for (EventEnvelope envelope : history.of(streams, asOf)) {
            type.route(envelope.event(), lookup).filter(wanted::contains).ifPresent(id -> type.fold(
                    documents.computeIfAbsent(id, absent -> type.emptyDocument()), id, envelope.event(), envelope.meta()));
        }
        return documents.values().stream().filter(View::exists).toList();
    }

    /** The document, or a 404 problem naming what was asked for. Its version becomes the answer's ETag. */
    public <D extends View> D require(ViewType<D> type, String id, AsOf asOf, String what) {
        D view = read(type, id, asOf).orElseThrow(() -> org.coordination.ledger.problem.ApiProblem.notFound(
                "No " + what + " " + id + (asOf.isCurrent() ? "" : " at that time")));
        if (view instanceof AggregateView aggregate) {
            ViewVersionETag.remember(aggregate.version());
        }
        return view;
    }

    /** Where documents are read from and written to while events are folded: the live table, or a rebuild's memory. */
    public interface DocumentSink {
        <D extends View> Optional<D> load(ViewKey key, Class<D> type);

        void save(ViewKey key, String scopeId, View view);
    }

    /** Adds to {@code into} every document {@code event} folds into, with its type. */
    public void documentsOf(LedgerEvent event, Map<ViewKey, Class<? extends View>> into) {
        for (ViewType<?> type : types.values()) {
            if (type.folds(event)) {
                type.route(event, lookup).ifPresent(id -> into.put(new ViewKey(type.model(), id), type.documentType()));
            }
        }
    }

    /** Folds one event into every document it belongs to, of the kinds in {@code models}. */
    public void project(EventEnvelope envelope, DocumentSink sink, Set<String> models) {
        EventMeta meta = null;
        for (ViewType<?> type : types.values()) {
            if (models.contains(type.model()) && type.folds(envelope.event())) {
                meta = meta == null ? envelope.meta() : meta;
                project(type, envelope, meta, sink);
            }
        }
    }

    private <D extends View> void project(ViewType<D> type, EventEnvelope envelope, EventMeta meta, DocumentSink sink) {
        Optional<String> id = type.route(envelope.event(), lookup);
        if (id.isEmpty()) {
            return;
        }
        ViewKey key = new ViewKey(type.model(), id.get());
        D document = sink.load(key, type.documentType()).orElseGet(type::emptyDocument);
        type.fold(document, id.get(), envelope.event(), meta);
        sink.save(key, type.scopeOf(document), document);
    }
}
