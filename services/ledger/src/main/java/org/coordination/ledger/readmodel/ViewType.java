package org.coordination.ledger.readmodel;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.coordination.ledger.contract.common.LedgerEvent;

/**
 * A kind of document, defined by the feature that owns it and registered as a Spring bean of that
 * feature ({@code readmodel} never names a feature): what it is called, how an empty one starts, whose
 * version it carries, and one {@link Fold} per sealed event family it folds. The live processor, a
 * rebuild and as-of reads all fold through {@link #fold}, so they cannot disagree.
 *
 * @param model         the document kind, the {@code model} column of {@code read_model}
 * @param aggregateType the aggregate kind whose events move the document's version (its {@code ETag})
 * @param folds         one per event family, each exhaustive over its family; at most one per family
 * @param scope         what queries list documents by ({@code scope_id}), or null for none
 * @param streams       the streams a document is made of, for as-of reads (by default: its own aggregate's)
 */
public record ViewType<D extends View>(String model, Class<D> documentType, Supplier<D> empty, String aggregateType,
                                       List<Fold<D, ?>> folds, Function<D, String> scope, Streams streams) {

    /** The streams (aggregate kind and id) whose events make up one document. */
    @FunctionalInterface
    public interface Streams {
        List<EventHistory.Stream> of(String documentId, ReadLookup lookup);
    }

    public ViewType {
        folds = List.copyOf(folds);
        Set<Class<?>> families = new HashSet<>();
        for (Fold<D, ?> fold : folds) {
            if (!families.add(fold.family())) {
                throw new IllegalArgumentException(model + " folds " + fold.family().getSimpleName() + " twice");
            }
        }
    }

    /** A document of one aggregate's stream, without a scope. */
    @SafeVarargs
    public static <D extends View> ViewType<D> of(String model, Class<D> documentType, Supplier<D> empty, String aggregateType,
                                                  Fold<D, ?>... folds) {
        return new ViewType<>(model, documentType, empty, aggregateType, List.of(folds), document -> null,
                (id, lookup) -> List.of(new EventHistory.Stream(aggregateType, id)));
    }

    /** The same kind, listed by {@code scope}. */
    public ViewType<D> scopedBy(Function<D, String> scope) {
        return new ViewType<>(model, documentType, empty, aggregateType, folds, scope, streams);
    }

    /** The same kind, made of {@code streams}. */
    public ViewType<D> madeOf(Streams streams) {
        return new ViewType<>(model, documentType, empty, aggregateType, folds, scope, streams);
    }

    /** The document {@code event} goes to, if this kind folds the event's family. */
    public Optional<String> route(LedgerEvent event, ReadLookup lookup) {
        for (Fold<D, ?> fold : folds) {
            if (fold.folds(event)) {
                return fold.route(event, lookup);
            }
        }
        return Optional.empty();
    }

    /** Whether this kind folds {@code event}'s family at all. */
    public boolean folds(LedgerEvent event) {
        // a loop, not a stream: asked for every event and every kind, in a rebuild millions of times
        for (Fold<D, ?> fold : folds) {
            if (fold.folds(event)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Folds {@code event} into {@code document} (the one with id {@code documentId}); an event of the
     * document's own aggregate also moves its version. Returns the document.
     */
    public D fold(D document, String documentId, LedgerEvent event, EventMeta meta) {
        for (Fold<D, ?> fold : folds) {
            if (fold.folds(event)) {
                fold.apply(document, event, meta);
                if (document instanceof AggregateView aggregate && aggregateType.equals(meta.aggregateType())
                        && documentId.equals(meta.aggregateId())) {
                    aggregate.versionAt(meta.sequence());
                }
                return document;
            }
        }
        return document;
    }

    /** A new, empty document. */
    public D emptyDocument() {
        return empty.get();
    }

    /** The scope a document is listed by, or null. */
    public String scopeOf(D document) {
        return scope.apply(document);
    }
}
