package org.coordination.ledger.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 *   transaction marks the key's entry unusable at once and puts the entry only after that transaction
 *   commits.</li>
 *   <li><b>An entry is used only at the store's version.</b> Another instance (or a commit that raced this
 *   one) may have appended since the entry was cached; its version is compared with the stream head the
 *   event chain keeps ({@code ledger_stream_head}, one primary-key read in the command's transaction),
 *   and a stale entry is dropped, so the aggregate is loaded from the store instead.</li>
 * </ol>
 */
final class CommittedAggregateCache implements Cache {

    /**
     * What the cache holds for an aggregate whose entry may not be used: one a transaction changed and has not yet
     * committed, one found stale, or one Axon removed after its unit of work rolled back. The entry is replaced, not removed, so that the aggregate keeps its place: the
     * cache (Caffeine, W-TinyLFU) admits a key that comes back in only if it is used more often than the entry it would
     * evict, so a removed and re-added aggregate, however busy, lost to entries as busy as itself, and once the cache
     * was full of them nearly every command loaded its aggregate from the store (docs/benchmarks.md, change 74).
     */
    private static final Object PENDING = new Object();

    /** Axon's cache entry keeps the version it was made at, but does not expose it. */
    private static final VarHandle ENTRY_VERSION = entryVersion();

    private final Cache delegate;
    private final Function<Object, Long> storedVersion;
    private final Counter hits;
    private final Counter misses;
    private final Counter stale;

    /**
     * @param delegate      where entries live
     * @param storedVersion the stored stream's last sequence number for an aggregate id, or null if none
     * @param meters        where the lookups are counted ({@code ledger.aggregates.cache.gets} by result: a miss or a
     *                      stale entry means the aggregate is loaded from the store, its snapshot and events read
     *                      and applied, on the thread that handles the command)
     */
    CommittedAggregateCache(Cache delegate, Function<Object, Long> storedVersion, MeterRegistry meters) {
        this.delegate = delegate;
        this.storedVersion = storedVersion;
        this.hits = gets(meters, "hit");
        this.misses = gets(meters, "miss");
        this.stale = gets(meters, "stale");
    }

    private static Counter gets(MeterRegistry meters, String result) {
        return Counter.builder("ledger.aggregates.cache.gets")
                .description("Aggregates looked up in the cache before a command: hit (used), miss (not cached), stale (cached "
                        + "at another version than the store's, dropped); a miss or a stale entry is loaded from the store")
                .tag("result", result).register(meters);
    }

    @Override
    public <K, V> V get(K key) {
        V value = delegate.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && !Objects.equals(versionOf(entry), storedVersion.apply(key))) {
            delegate.put(key, PENDING);
            stale.increment();
            return null;
        }
        if (value == null || value == PENDING) {
            misses.increment();
            return null;
        }
        hits.increment();
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            delegate.put(key, value);
            return;
        }
        delegate.put(key, PENDING);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                delegate.put(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        if (containsKey(key)) {
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

    /** Axon removes an aggregate whose unit of work rolled back (a refusal, a conflict): marked, so it keeps its place. */
    @Override
    public boolean remove(Object key) {
        if (!delegate.containsKey(key)) {
            return false;
        }
        delegate.put(key, PENDING);
        return true;
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        Object value = delegate.get(key);
        return value != null && value != PENDING;
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
