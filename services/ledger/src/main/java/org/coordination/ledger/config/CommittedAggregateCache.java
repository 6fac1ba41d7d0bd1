package org.coordination.ledger.config;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The aggregate cache with two rules that keep a decision from ever resting on state the store does
 * not hold:
 * <ol>
 *   <li><b>Only committed state enters it.</b> Axon puts an aggregate into the cache when its unit of
 *   work prepares to commit, and removes it only if that unit of work rolls back. When the unit of work
 *   joins an outer transaction (the idempotency record is written in the same transaction as the
 *   events), its own commit is not the real one: a failed outer commit used to leave events in the cache
 *   that were never stored, and the next command appended after them, leaving a gap. Here a put inside a
 *   transaction removes the key at once and adds the entry only after that transaction commits.</li>
 *   <li><b>An entry is used only at the store's version.</b> Another instance (or a commit that raced this
 *   one) may have appended since the entry was cached; its version is compared with the stream head the
 *   event chain keeps ({@code ledger_stream_head}, one primary-key read in the command's transaction),
 *   and a stale entry is dropped, so the aggregate is loaded from the store instead.</li>
 * </ol>
 */
final class CommittedAggregateCache implements Cache {

    /** Axon's cache entry keeps the version it was made at, but does not expose it. */
    private static final VarHandle ENTRY_VERSION = entryVersion();

    private final Cache delegate;
    private final Function<Object, Long> storedVersion;

    /**
     * @param delegate      where entries live
     * @param storedVersion the stored stream's last sequence number for an aggregate id, or null if none
     */
    CommittedAggregateCache(Cache delegate, Function<Object, Long> storedVersion) {
        this.delegate = delegate;
        this.storedVersion = storedVersion;
    }

    @Override
    public <K, V> V get(K key) {
        V value = delegate.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && !Objects.equals(versionOf(entry), storedVersion.apply(key))) {
            delegate.remove(key);
            return null;
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            delegate.put(key, value);
            return;
        }
        delegate.remove(key);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                delegate.put(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        if (delegate.containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        T value = get(key);
        if (value == null) {
            value = valueSupplier.get();
            put(key, value);
        }
        return value;
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        V value = get(key);
        if (value != null) {
            V updated = update.apply(value);
            if (updated == null) {
                remove(key);
            } else {
                put(key, updated);
            }
        }
    }

    @Override
    public boolean remove(Object key) {
        return delegate.remove(key);
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return delegate.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return delegate.registerCacheEntryListener(cacheEntryListener);
    }

    static Long versionOf(AggregateCacheEntry<?> entry) {
        return (Long) ENTRY_VERSION.get(entry);
    }

    private static VarHandle entryVersion() {
        try {
            return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "version", Long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("Axon's AggregateCacheEntry no longer has its version field: " + e);
        }
    }
}
