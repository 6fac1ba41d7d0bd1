package org.coordination.ledger.eventstore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows a transaction keeps by key and writes together just before it commits, instead of a statement each as they
 * come: the policies' pledge rows ({@link VersionedSagaStore}), whether posts are filled (the lookup). Kept bound to
 * the transaction and dropped with it, committed or not, so nothing outlives a transaction that did not commit;
 * outside a transaction a row is written at once.
 *
 * @param <K> what identifies a row: the last one kept under a key wins
 * @param <V> the row
 */
public final class WrittenBeforeCommit<K, V> {

    /** The key of this instance's rows among the transaction's resources. */
    private final Object resource = new Object();
    private final Consumer<List<V>> write;

    /** @param write writes rows on the transaction's connection (several in one statement, as it can) */
    public WrittenBeforeCommit(Consumer<List<V>> write) {
        this.write = write;
    }

    /** Keeps {@code row} for this transaction's commit; outside a transaction, writes it now. */
    public void keep(K key, V row) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            write.accept(List.of(row));
            return;
        }
        Map<K, V> rows = ofThisTransaction();
        if (rows == null) {
            Map<K, V> kept = new LinkedHashMap<>();
            TransactionSynchronizationManager.bindResource(resource, kept);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    writeNow();
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(resource);
                }
            });
            rows = kept;
        }
        rows.put(key, row);
    }

    /** The row this transaction keeps under {@code key} and has not written yet; null if none. */
    public V kept(K key) {
        Map<K, V> rows = ofThisTransaction();
        return rows == null ? null : rows.get(key);
    }

    /** Nothing left to write under {@code key} (its row was written otherwise, or is gone). */
    public void forget(K key) {
        Map<K, V> rows = ofThisTransaction();
        if (rows != null) {
            rows.remove(key);
        }
    }

    /** Writes what this transaction keeps, now: before a read that must see it, and just before the commit. */
    public void writeNow() {
        Map<K, V> rows = ofThisTransaction();
        if (rows == null || rows.isEmpty()) {
            return;
        }
        List<V> taken = new ArrayList<>(rows.values());
        rows.clear();
        write.accept(taken);
    }

    @SuppressWarnings("unchecked")
    private Map<K, V> ofThisTransaction() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                ? (Map<K, V>) TransactionSynchronizationManager.getResource(resource) : null;
    }
}
