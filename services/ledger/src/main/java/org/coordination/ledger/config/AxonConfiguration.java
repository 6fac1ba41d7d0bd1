package org.coordination.ledger.config;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.OptionalLong;
import java.util.UUID;
import javax.cache.Caching;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.JCacheAdapter;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.spring.stereotype.Saga;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;
import org.coordination.ledger.upcasting.Upcasters;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.coordination.ledger.commandbus.GroupCommit;
import org.coordination.ledger.eventstore.DeadLetterTable;
import org.coordination.ledger.eventstore.EngineTokens;
import org.coordination.ledger.eventstore.EventTables;
import org.coordination.ledger.eventstore.KindScopedJpaEventStorageEngine;
import org.coordination.ledger.eventstore.KindScopedStatements;
import org.coordination.ledger.eventstore.LingeringEventSource;
import org.coordination.ledger.eventstore.LocalCommits;
import org.coordination.ledger.eventstore.NodeId;
import org.coordination.ledger.eventstore.TrackedReadsEngine;
import org.coordination.ledger.eventstore.SagaStateRows;
import org.coordination.ledger.eventstore.VersionedSagaStore;
import org.coordination.ledger.eventstore.PerStreamSequencingPolicy;
import org.coordination.ledger.eventstore.PolicyResumePoints;
import org.coordination.ledger.eventstore.StreamId;
import org.coordination.ledger.eventstore.StreamTargetResolver;
import org.coordination.ledger.provenance.PolicyPledgeRows;
import org.coordination.ledger.provenance.ProvenanceCorrelationDataProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Axon on PostgreSQL: the storage engine, snapshots, provenance and the processors' error handling. */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The JDBC storage engine (the default, see docs/adr/0001-event-storage.md), reading and writing one
     * stream by aggregate kind and id (docs/adr/0003-stream-identity-per-aggregate-kind.md).
     */
    @Bean
    @ConditionalOnProperty(name = "ledger.event-store.engine", havingValue = "jdbc", matchIfMissing = true)
    EventStorageEngine eventStorageEngine(DataSource dataSource, TransactionManager transactionManager,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer, PersistenceExceptionResolver conflicts, LocalCommits localCommits) {
        JdbcEventStorageEngine.Builder builder = KindScopedStatements.install(JdbcEventStorageEngine.builder())
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .transactionManager(transactionManager)
                .schema(EventTables.SCHEMA)
                .dataType(byte[].class)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .upcasterChain(Upcasters.chain())
                .persistenceExceptionResolver(conflicts)
                // when a processor gives up a position as never to be filled (and the bulk paths with it: EngineTokens)
                .maxGapOffset(EngineTokens.MAX_GAP_OFFSET)
                .gapTimeout((int) EngineTokens.GAP_TIMEOUT.toMillis())
                // gaps given up by their age at the head as well, reading only the rows that decide it
                .gapCleaningThreshold(1)
                .cleanGaps(EngineTokens::cleanGapsStatement);
        return new TrackedReadsEngine(builder, localCommits);
    }

    /**
     * With {@code ledger.event-store.engine=jpa} (the axon-defaults profile): Axon's JPA engine as its
     * auto-configuration builds it, on the same tables, with streams by kind and id as well. Axon's
     * auto-configuration steps back when an engine bean exists, and with it the registration of its
     * event entities, so they are registered here.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "ledger.event-store.engine", havingValue = "jpa")
    @RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
    static class JpaEventStore {

        @Bean
        EventStorageEngine jpaEventStorageEngine(EntityManagerProvider entityManagerProvider, TransactionManager transactionManager,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer, Serializer serializer,
                                                 PersistenceExceptionResolver conflicts) {
            return new KindScopedJpaEventStorageEngine(JpaEventStorageEngine.builder()
                    .entityManagerProvider(entityManagerProvider)
                    .eventSerializer(eventSerializer)
                    .snapshotSerializer(serializer)
                    .upcasterChain(Upcasters.chain())
                    .persistenceExceptionResolver(conflicts)
                    .maxGapOffset(EngineTokens.MAX_GAP_OFFSET)
                    .gapTimeout((int) EngineTokens.GAP_TIMEOUT.toMillis()), transactionManager);
        }
    }

    /**
     * Which failed appends are conflicts, for both storage engines (Axon's JPA auto-configuration takes
     * this bean instead of its own).
     */
    @Bean
    PersistenceExceptionResolver appendConflictResolver() {
        return new AppendConflictResolver();
    }

    /** The name this instance claims segments under (LEDGER_NODE_ID; by default {@code <pid>@<hostname>}). */
    @Bean
    NodeId nodeId(@Value("${ledger.node-id:}") String configured) {
        return NodeId.configuredOr(configured);
    }

    /**
     * Tokens and sagas through plain JDBC on the tables Flyway creates (V1), like the events: the JPA
     * stores went through Hibernate on every event of every processor (docs/benchmarks.md). The
     * axon-defaults profile (jpa) keeps Axon's JPA stores.
     */
    @Bean
    @ConditionalOnProperty(name = "ledger.event-store.engine", havingValue = "jdbc", matchIfMissing = true)
    TokenStore tokenStore(DataSource dataSource, Serializer serializer, NodeId nodeId,
                          @Value("${ledger.processors.claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .nodeId(nodeId.value())
                // a claim not extended for this long (its owner died) may be taken by another instance
                .claimTimeout(claimTimeout)
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .serializer(serializer)
                .contentType(byte[].class)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .build();
    }

    @Bean
    @ConditionalOnProperty(name = "ledger.event-store.engine", havingValue = "jdbc", matchIfMissing = true)
    SagaStore<Object> sagaStore(DataSource dataSource, Serializer serializer,
                                @Value("${ledger.saga-cache.size}") long sagaCacheSize,
                                @Value("${ledger.saga-cache.held-bytes}") long sagaHeldBytes) {
        SpringDataSourceConnectionProvider connections = new SpringDataSourceConnectionProvider(dataSource);
        SagaStateRows rows = new PolicyPledgeRows();
        Serializer sagaSerializer = VersionedSagaStore.serializerFor(serializer, rows);
        JdbcSagaStore store = JdbcSagaStore.builder()
                .connectionProvider(connections)
                .serializer(sagaSerializer)
                .sqlSchema(new GenericSagaSqlSchema(VersionedSagaStore.SCHEMA))
                .build();
        // a saga's associations and state read again only when its row changed (one saga per force follows every pledge),
        // and the pledges a policy follows kept a row each
        return new VersionedSagaStore(store, connections, sagaSerializer, sagaCacheSize, sagaHeldBytes, rows);
    }

    /**
     * The read models' dead letters through Axon's JDBC queue, on its own table (V24): Axon's JDBC auto-configuration
     * builds the queue with this schema once JPA is not there ({@link JpaOnlyForTheJpaEngine}). The JPA engine keeps
     * Axon's JPA queue on {@code dead_letter_entry}.
     */
    @Bean
    @ConditionalOnProperty(name = "ledger.event-store.engine", havingValue = "jdbc", matchIfMissing = true)
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterTable.jdbcSchema();
    }

    @Bean
    DeadLetterTable deadLetterTable(@Value("${ledger.event-store.engine:jdbc}") String engine) {
        return DeadLetterTable.forEngine(engine);
    }

    /**
     * Aggregates cached between commands (every aggregate's {@code @Aggregate(cache = ...)}), holding only
     * committed state and used only at the store's version (see {@link CommittedAggregateCache}); size 0
     * turns the cache off (the axon-defaults profile). Behind it, Axon's {@link JCacheAdapter} over
     * Caffeine's JCache provider, bounded by a count (W-TinyLFU) and storing by reference: JCache's
     * default, store-by-value, would serialize a copy of every aggregate on each put and get.
     */
    @Bean
    Cache ledgerAggregateCache(@Value("${ledger.aggregate-cache.size:10000}") int size, JdbcTemplate jdbc,
                               javax.cache.CacheManager ledgerAggregateCacheManager, MeterRegistry meters) {
        if (size <= 0) {
            return NoCache.INSTANCE;
        }
        // in a group commit, the heads of the group's streams were read at once (GroupCommit.storedHead)
        return new CommittedAggregateCache(boundedCache(ledgerAggregateCacheManager, size), identifier -> GroupCommit.storedHead(
                identifier.toString(), qualified -> {
                    StreamId stream = StreamId.parse(qualified);
                    return jdbc.query("SELECT last_sequence FROM ledger_stream_head WHERE aggregate_identifier = ? AND aggregate_type = ?",
                            rows -> rows.next() ? rows.getLong(1) : null, stream.id(), stream.kind());
                }), meters);
    }

    /** At most {@code size} entries, stored by reference, in a cache of the given (Caffeine) manager. */
    static Cache boundedCache(javax.cache.CacheManager manager, int size) {
        CaffeineConfiguration<Object, Object> configuration = new CaffeineConfiguration<>();
        configuration.setMaximumSize(OptionalLong.of(size));
        configuration.setStoreByValue(false);
        return new JCacheAdapter(manager.createCache("ledger-aggregates", configuration));
    }

    /**
     * The aggregate cache's own JCache manager, closed with the context: one per context (a unique URI),
     * since the provider's default manager is shared by the whole JVM, and the test contexts live side by side.
     */
    @Bean(destroyMethod = "close")
    javax.cache.CacheManager ledgerAggregateCacheManager() {
        return Caching.getCachingProvider(CaffeineCachingProvider.class.getName())
                .getCacheManager(URI.create("ledger-aggregates:" + UUID.randomUUID()), AxonConfiguration.class.getClassLoader());
    }

    /** A threshold of 0 turns snapshots off (the axon-defaults profile, the benchmark's peer). */
    @Bean
    SnapshotTriggerDefinition ledgerSnapshotTrigger(Snapshotter snapshotter,
                                                    @Value("${ledger.snapshots.threshold:100}") int threshold) {
        return threshold > 0 ? new EventCountSnapshotTriggerDefinition(snapshotter, threshold) : NoSnapshotTriggerDefinition.INSTANCE;
    }

    @Bean
    CorrelationDataProvider provenanceCorrelationDataProvider() {
        return new ProvenanceCorrelationDataProvider();
    }

    /** Each command's stream (kind and id), and If-Match's expected version, for Axon's version check. */
    @Bean
    CommandTargetResolver ledgerCommandTargetResolver() {
        return new StreamTargetResolver();
    }

    /**
     * The store as the processors named in application.yml read it (their {@code source}); the policies'
     * processors get the same through {@link #eventProcessing}.
     */
    @Bean
    LingeringEventSource ledgerEventSource(EventStore eventStore, @Value("${ledger.processors.linger}") Duration linger,
                                           @Value("${ledger.processors.thread-priority}") int threadPriority) {
        return new LingeringEventSource(eventStore, linger, threadPriority);
    }

    /**
     * Streaming processors for policies and projections, so handlers can replay; the consistency
     * lookup is subscribing (same transaction as the events). A failing handler propagates, so its
     * batch rolls back and is retried rather than skipped. Events are kept in order, and held back behind
     * a dead letter, per stream (kind and id).
     *
     * <p>Tracking processors, one thread and one segment each: the read models fold a pledge's events
     * into its force's document and must see them in order. A tracking processor waits on the event
     * store's stream and wakes when an event is committed; the pooled processor polled every 500 ms
     * once caught up with this store, which put half a second between a command and its read models
     * and Kafka (docs/benchmarks.md). Up to {@code batchSize} events share one transaction and one
     * token update. {@code ledger.processors.tuned=false} leaves all of this at Axon's defaults for the
     * benchmark's peer.
     */
    @Bean
    ConfigurerModule eventProcessing(@Value("${ledger.processors.tuned:true}") boolean tuned,
                                     @Value("${ledger.processors.batch-size:100}") int batchSize,
                                     @Value("${ledger.processors.policy-linger}") Duration policyLinger,
                                     @Value("${ledger.processors.thread-priority}") int threadPriority,
                                     @Value("${ledger.processors.claim-interval-millis:2000}") long claimIntervalMillis) {
        return configurer -> {
            if (tuned) {
                configurer.eventProcessing()
                        // the four policies in one processor: a batch is one transaction, one token update and one
                        // thread's work for all four, where each had its own (ADR 0012; V20 moved their tokens)
                        .assignHandlerTypesMatching(PolicyResumePoints.PROCESSOR, type -> type.isAnnotationPresent(Saga.class))
                        // the policies' processor: every other names its source in application.yml
                        .configureDefaultStreamableMessageSource(c -> new LingeringEventSource(c.eventStore(), policyLinger, threadPriority))
                        .usingTrackingEventProcessors()
                        .registerTrackingEventProcessorConfiguration(config -> TrackingEventProcessorConfiguration
                                .forSingleThreadedProcessing().andInitialSegmentsCount(1).andBatchSize(batchSize)
                                .andTokenClaimInterval(claimIntervalMillis, TimeUnit.MILLISECONDS));
            }
            configurer.eventProcessing()
                    .registerDefaultSequencingPolicy(c -> new PerStreamSequencingPolicy())
                    .registerSubscribingEventProcessor("consistency-lookup")
                    .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        };
    }
}
