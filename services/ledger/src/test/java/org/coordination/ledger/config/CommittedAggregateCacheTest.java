package org.coordination.ledger.config;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import javax.cache.CacheManager;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class CommittedAggregateCacheTest {

    /** A stand-in aggregate: the cache only needs Axon's entry around it. */
    static class Center {
        @AggregateIdentifier
        String id = "cmcc";
    }

    final Map<Object, Long> storedVersions = new HashMap<>();
    /** The production cache behind it: Axon's JCache adapter over Caffeine, ten entries. */
    final CacheManager cacheManager = new AxonConfiguration().ledgerAggregateCacheManager();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Cache cache = new CommittedAggregateCache(AxonConfiguration.boundedCache(cacheManager, 10), storedVersions::get, meters);

    double gets(String result) {
        return meters.get("ledger.aggregates.cache.gets").tag("result", result).counter().count();
    }

    static AggregateCacheEntry<Center> entryAt(long version) {
        EventSourcedAggregate<Center> aggregate = EventSourcedAggregate.reconstruct(new Center(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Center.class), version, false, null, NoSnapshotTriggerDefinition.TRIGGER);
        return new AggregateCacheEntry<>(aggregate);
    }

    @AfterEach
    void noTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
        cacheManager.close();
    }

    @Test
    void readsTheVersionAxonsEntryWasMadeAt() {
        assertThat(CommittedAggregateCache.versionOf(entryAt(7))).isEqualTo(7L);
    }

    @Test
    void anEntryAtTheStoredVersionIsUsed() {
        storedVersions.put("cmcc", 3L);
        cache.put("cmcc", entryAt(3));
        assertThat((Object) cache.get("cmcc")).isNotNull();
        assertThat((Object) cache.get("other")).isNull();
        assertThat(gets("hit")).isEqualTo(1);
        assertThat(gets("miss")).isEqualTo(1);
        assertThat(gets("stale")).isZero();
    }

    @Test
    void anEntryBehindOrAheadOfTheStoreIsDroppedNotUsed() {
        storedVersions.put("cmcc", 4L);
        cache.put("cmcc", entryAt(3));
        assertThat((Object) cache.get("cmcc")).isNull();
        assertThat(cache.containsKey("cmcc")).isFalse();
        assertThat(gets("stale")).isEqualTo(1);
        assertThat(gets("hit")).isZero();

        cache.put("cmcc", entryAt(5));
        assertThat((Object) cache.get("cmcc")).isNull();
        storedVersions.remove("cmcc"); // a stream that is not stored at all
        cache.put("cmcc", entryAt(0));
        assertThat((Object) cache.get("cmcc")).isNull();
    }

    @Test
    void entriesAreKeptByReferenceNotCopied() {
        storedVersions.put("cmcc", 3L);
        AggregateCacheEntry<Center> entry = entryAt(3);
        cache.put("cmcc", entry);
        assertThat((Object) cache.get("cmcc")).isSameAs(entry);
    }

    @Test
    void beyondItsSizeEntriesAreEvicted() {
        for (int i = 0; i < 50; i++) {
            storedVersions.put("s" + i, 0L);
            cache.put("s" + i, entryAt(0));
        }
        // Caffeine evicts on its maintenance executor, a moment after the put that overflowed it
        await().atMost(5, SECONDS).until(() -> IntStream.range(0, 50).filter(i -> cache.containsKey("s" + i)).count(), kept -> kept <= 10);
    }

    /** Busy aggregates in the ten places: the tenth is W-TinyLFU's window, where the newest entry waits for admission. */
    private static final int BUSY = 9;

    /**
     * Busy aggregates changed by commands, in transactions, while new ones keep arriving (a pledge each), in a full
     * cache: the busy ones stay. An entry taken out and put back competes for admission with the entry it would evict,
     * and W-TinyLFU admits it only if it was used more often, so among busy entries it lost: the benchmark's commands
     * then found their aggregate in the cache one time in ten.
     */
    @Test
    void busyAggregatesChangedInTransactionsKeepTheirPlaceInAFullCache() {
        for (int b = 0; b < BUSY; b++) {
            storedVersions.put("busy" + b, 0L);
            cache.put("busy" + b, entryAt(0));
        }
        for (int round = 1; round <= 30; round++) {
            for (int b = 0; b < BUSY; b++) {
                String busy = "busy" + b;
                cache.get(busy);
                TransactionSynchronizationManager.initSynchronization();
                cache.put(busy, entryAt(round));
                storedVersions.put(busy, (long) round);
                TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
                TransactionSynchronizationManager.clearSynchronization();
                storedVersions.put("new" + round + "-" + b, 0L);
                cache.put("new" + round + "-" + b, entryAt(0)); // a new aggregate, used once
            }
        }
        // Caffeine evicts on its maintenance executor; run what it has pending, so that every eviction has happened
        cacheManager.getCache("ledger-aggregates").unwrap(com.github.benmanes.caffeine.cache.Cache.class).cleanUp();
        assertThat(IntStream.range(0, BUSY).filter(b -> cache.get("busy" + b) != null).count()).as("every busy aggregate is a hit").isEqualTo(BUSY);
    }

    @Test
    void aPutInsideATransactionTakesEffectOnlyWhenItCommits() {
        storedVersions.put("cmcc", 2L);
        cache.put("cmcc", entryAt(1));
        TransactionSynchronizationManager.initSynchronization();
        cache.put("cmcc", entryAt(2));
        assertThat(cache.containsKey("cmcc")).as("neither the old nor the uncommitted state is visible meanwhile").isFalse();
        TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        assertThat((Object) cache.get("cmcc")).isNotNull();
    }

    /** Axon removes the aggregate of a unit of work that rolled back: afterwards it is a miss, as it was removed. */
    @Test
    void aRemovedAggregateIsAMiss() {
        storedVersions.put("cmcc", 3L);
        cache.put("cmcc", entryAt(3));
        assertThat(cache.remove("cmcc")).isTrue();
        assertThat((Object) cache.get("cmcc")).isNull();
        assertThat(cache.containsKey("cmcc")).isFalse();
        assertThat(cache.remove("elsewhere")).isFalse();
    }

    @Test
    void aPutInsideATransactionThatDoesNotCommitLeavesNothing() {
        TransactionSynchronizationManager.initSynchronization();
        cache.put("cmcc", entryAt(2));
        TransactionSynchronizationManager.getSynchronizations()
                .forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK));
        assertThat(cache.containsKey("cmcc")).isFalse();
    }

    @Test
    void postgresUniqueViolationsAndSkippedSequencesAreConflictsWhereverPgjdbcPutsThem() {
        SQLException unique = new SQLException("duplicate key value violates unique constraint", "23505");
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "23505", 0, new int[0]);
        batch.setNextException(unique);
        BatchUpdateException batchWithoutState = new BatchUpdateException("Batch entry 0 was aborted", null, 0, new int[0]);
        batchWithoutState.setNextException(new SQLException("sequence 5 of stream cmcc does not follow 3 (a gap)", "LG001"));
        AppendConflictResolver resolver = new AppendConflictResolver();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(unique))).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(batchWithoutState))).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(batch)).isTrue();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(new SQLException("connection refused", "08001")))).isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException("no SQL at all"))).isFalse();
    }
}
