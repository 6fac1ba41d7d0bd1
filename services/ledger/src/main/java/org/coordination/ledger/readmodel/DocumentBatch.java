package org.coordination.ledger.readmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The documents one batch of events folds into, kept as objects until the batch is written: a document
 * is read from its table once per batch and serialized once, not once per event (the read models' main
 * cost: a force's document, with every pledge in it, was parsed and written again for each of its events).
 *
 * <p>An event whose fold fails half-way (it is then dead-lettered and the batch goes on) may have
 * changed a document it was folding. {@link #undo} puts each document that event touched back as it was
 * before it: read again from the table and folded again with the batch's earlier events that reached it.
 */
public final class DocumentBatch implements ReadModels.DocumentSink {

    /** Reads a document from the table the batch writes to (the live one, or a rebuild's copy). */
    @FunctionalInterface
    public interface Loader {
        <D extends View> Optional<D> load(ViewKey key, Class<D> type);
    }

    /** A document as it stands in the batch. */
    public record Pending(ViewKey key, String scopeId, View view) {
    }

    private final Loader loader;
    private final Map<ViewKey, Pending> documents = new LinkedHashMap<>();
    private final Map<ViewKey, List<EventEnvelope>> folded = new HashMap<>();
    private final Set<ViewKey> touched = new LinkedHashSet<>();
    /** Documents read ahead for the batch's events and not folded into yet (an absent row: an empty Optional). */
    private final Map<ViewKey, Optional<View>> preloaded = new HashMap<>();

    public DocumentBatch(Loader loader) {
        this.loader = loader;
    }

    @Override
    public <D extends View> Optional<D> load(ViewKey key, Class<D> type) {
        touched.add(key);
        Pending pending = documents.get(key);
        if (pending != null) {
            return Optional.of(type.cast(pending.view()));
        }
        Optional<View> read = preloaded.remove(key); // once: a fold that fails leaves what it had in hand undone
        if (read != null && read.map(type::isInstance).orElse(true)) {
            return read.map(type::cast);
        }
        return loader.load(key, type);
    }

    /**
     * Documents read ahead, in one go, for the events the batch is about to fold: {@code asked} were read,
     * {@code found} are those that have a row. Each is used by the first event that loads it, as if loaded then.
     */
    public void preload(Set<ViewKey> asked, Map<ViewKey, View> found) {
        for (ViewKey key : asked) {
            if (!documents.containsKey(key)) {
                preloaded.put(key, Optional.ofNullable(found.get(key)));
            }
        }
    }

    @Override
    public void save(ViewKey key, String scopeId, View view) {
        touched.add(key);
        documents.put(key, new Pending(key, scopeId, view));
    }

    /** The event just folded went through: its documents keep what it did. */
    public void folded(EventEnvelope envelope) {
        touched.forEach(key -> folded.computeIfAbsent(key, k -> new ArrayList<>()).add(envelope));
        touched.clear();
    }

    /** The event just folded failed: every document it touched goes back to its state before it. */
    public void undo(ReadModels readModels) {
        List<ViewKey> keys = List.copyOf(touched);
        touched.clear();
        for (ViewKey key : keys) {
            documents.remove(key);
            DocumentBatch again = new DocumentBatch(loader);
            for (EventEnvelope earlier : folded.getOrDefault(key, List.of())) {
                readModels.project(earlier, again, Set.of(key.model()));
            }
            Pending restored = again.documents.get(key);
            if (restored != null) {
                documents.put(key, restored);
            }
        }
    }

    /** The batch's documents, each once, serialized by {@code write}, in the order they were first written. */
    public <R> List<R> rows(Function<Pending, R> write) {
        return documents.values().stream().map(write).toList();
    }

    public boolean isEmpty() {
        return documents.isEmpty();
    }
}
