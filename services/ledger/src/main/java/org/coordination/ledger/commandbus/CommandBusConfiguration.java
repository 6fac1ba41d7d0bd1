package org.coordination.ledger.commandbus;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.lifecycle.Phase;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.coordination.ledger.eventstore.LocalCommits;
import org.coordination.ledger.provenance.CommandProvenanceInterceptor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The command bus's interceptors: on dispatch, provenance (recordedAt from the injected clock, effectiveAt
 * defaulted to it); while a command is handled, the events it writes, noted as its {@link CommandOutcome}.
 * And the group commit ({@link GroupCommit}) with the transaction manager that lets its members share one
 * transaction.
 */
@Configuration(proxyBeanMethods = false)
class CommandBusConfiguration {

    @Bean
    ConfigurerModule commandInterceptors(Clock clock) {
        CommandProvenanceInterceptor provenance = new CommandProvenanceInterceptor(clock);
        CommandOutcomeRecorder outcomes = new CommandOutcomeRecorder();
        return configurer -> configurer.onInitialize(config -> config.onStart(Phase.INSTRUCTION_COMPONENTS, () -> {
            CommandBus commandBus = config.commandBus();
            commandBus.registerDispatchInterceptor(provenance);
            commandBus.registerHandlerInterceptor(outcomes.commandInterceptor());
            config.eventBus().registerDispatchInterceptor(outcomes.eventInterceptor());
        }));
    }

    /**
     * Axon's embedded event store as its auto-configuration builds it, waking its reader once per group.
     * Its reader keeps the latest {@code cachedEvents} events in memory for the processors that follow the
     * head (a processor further behind reads the store itself); Axon's default, 10,000 events with their
     * payloads and their deserialized objects, was a third of the live heap (docs/benchmarks.md, change 30).
     * It reads for the processors alone, so its thread runs at their priority ({@code ledger.processors.thread-priority}).
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${ledger.event-store.cached-events:1000}") int cachedEvents, LocalCommits localCommits,
                                  @Value("${ledger.processors.thread-priority}") int readerPriority) {
        return new GroupAwareEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .cachedEvents(cachedEvents)
                .threadFactory(new AxonThreadFactory(readerPriority, new ThreadGroup(EmbeddedEventStore.class.getSimpleName())))
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class)), localCommits);
    }

    /** The commits of this instance, counted for the store's reader (see {@link GroupAwareEventStore}). */
    @Bean
    LocalCommits localCommits() {
        return new LocalCommits();
    }

    /** Axon's transaction manager on Spring's, joined by a group commit's members (replaces Axon's default bean). */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new GroupAwareTransactionManager(new SpringTransactionManager(transactionManager));
    }

    /**
     * The command path's bound on a wait for PostgreSQL (see {@link CommandNetworkTimeout}); Spring Boot hands the
     * listener to the transaction manager it configures.
     */
    @Bean
    CommandNetworkTimeout commandNetworkTimeout(DataSource dataSource,
                                                @Value("${ledger.commands.network-timeout:10s}") java.time.Duration timeout) {
        return new CommandNetworkTimeout(dataSource, timeout);
    }

    /**
     * The in-process lock on each aggregate while a command is handled: waited for up to a minute as with Axon's
     * own factory, except on a group-commit writer, which only tries it ({@link AggregateLocks} says why).
     */
    @Bean
    AggregateLocks ledgerLockFactory() {
        return new AggregateLocks(java.time.Duration.ofMinutes(1));
    }

    /** Off in the axon-defaults profile, the benchmark's peer: there every command has its own transaction. */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "ledger.commands.group-commit.enabled", havingValue = "true", matchIfMissing = true)
    GroupCommit groupCommit(CommandBus commandBus, EventBus eventBus, EventStorageEngine storageEngine, JdbcTemplate jdbc,
                            PlatformTransactionManager transactionManager,
                            @Value("${ledger.commands.group-commit.writers:1}") int writers,
                            @Value("${ledger.commands.group-commit.max-group-size:64}") int maxGroupSize, MeterRegistry meters) {
        GroupCommit groupCommit = new GroupCommit(commandBus, eventBus, storageEngine, jdbc, transactionManager, writers, maxGroupSize,
                meters);
        commandBus.registerHandlerInterceptor(groupCommit.writingInterceptor());
        return groupCommit;
    }
}
