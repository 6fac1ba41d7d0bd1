package org.coordination.ledger.readmodel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The read models' documents as this instance last committed them, kept as objects between the
 * "read-models" processor's batches: a force's document (every pledge in it, hundreds of kilobytes at
 * the benchmark's sizes) was otherwise parsed at the start of each batch and written at its end, most of
 * that processor's CPU when batches are small.
 *
 * <p>Only committed state is ever here, and it is used only while its row is unchanged. A batch
 * <em>takes</em> a document out ({@link #take}); the batch's documents come back once its transaction has
 * committed ({@link #committed}), with the version their rows now carry (the writing transaction's id,
 * PostgreSQL's {@code xmin}). A batch that rolls back returns nothing. Before a kept document is used,
 * its row's version is compared with the kept one in the same query that would otherwise read it: a row
 * written since by anyone else (another instance, a retried dead letter, a rebuild's new table, an
 * operator) is read from the table instead. Bounded by the documents' size as JSON.
 */
@Component
public class CommittedDocuments {

    private record Entry(View view, int weight, long version) {
    }

    private final Cache<ViewKey, Entry> documents;
    private final ViewStore store;

    public CommittedDocuments(ViewStore store, @Value("${ledger.read-models.cache-chars:16000000}") long maximumChars) {
        this.store = store;
        this.documents = Caffeine.newBuilder().maximumWeight(maximumChars).weigher((ViewKey key, Entry entry) -> entry.weight()).build();
    }

    /** The document as committed: the kept object if its row is still the version kept, else the row; handed over to one batch. */
    <D extends View> Optional<D> take(ViewKey key, Class<D> type) {
        Entry entry = documents.asMap().remove(key);
        if (entry == null || !type.isInstance(entry.view())) {
            return store.load(key, type);
        }
        return store.loadUnlessAt(key, type, entry.version(), type.cast(entry.view()));
    }

    /**
     * As {@link #take} for each of several documents, read in as few statements as {@link ViewStore#loadAll}
     * needs: the documents a batch is about to fold into. A key with no row is absent from the answer.
     */
    Map<ViewKey, View> takeAll(Map<ViewKey, Class<? extends View>> wanted) {
        List<ViewStore.Wanted> keys = new ArrayList<>(wanted.size());
        wanted.forEach((key, type) -> {
            Entry entry = documents.asMap().remove(key);
            keys.add(entry != null && type.isInstance(entry.view())
                    ? new ViewStore.Wanted(key, type, entry.version(), entry.view())
                    : new ViewStore.Wanted(key, type, -1, null));
        });
        return store.loadAll(keys);
    }

    /** A document a batch wrote, with its size as JSON (what the cache is bounded by). */
    record Written(DocumentBatch.Pending pending, int chars) {
    }

    /** A batch committed these documents; their rows are at {@code version}. */
    void committed(List<Written> written, long version) {
        for (Written document : written) {
            documents.put(document.pending().key(), new Entry(document.pending().view(), document.chars(), version));
        }
    }
}
