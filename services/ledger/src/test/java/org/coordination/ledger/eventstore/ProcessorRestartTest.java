package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.common.transaction.NoTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A processor that lost its worker thread to a shutdown during a segment's hand-off (Axon 4's
 * {@code WorkerLauncher#cleanUp}, which frees the segment but not the thread) never claims its segment again
 * after a plain {@code start()}; {@link ProcessorRestart#start} gives the thread back first. The loss is set up
 * the way that path leaves it: no segment, no worker, no free thread.
 */
class ProcessorRestartTest {

    final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    final List<Object> handled = new CopyOnWriteArrayList<>();
    final TrackingEventProcessor processor = TrackingEventProcessor.builder()
            .name("restarted")
            .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Object() {
                @org.axonframework.eventhandling.EventHandler
                void on(String event) {
                    handled.add(event);
                }
            }).build())
            .messageSource(store)
            .tokenStore(new InMemoryTokenStore())
            .transactionManager(NoTransactionManager.INSTANCE)
            .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                    .andTokenClaimInterval(100, java.util.concurrent.TimeUnit.MILLISECONDS))
            .build();

    @AfterEach
    void stop() {
        processor.shutDown();
        store.shutDown();
    }

    @Test
    void aProcessorThatLostItsThreadClaimsItsSegmentAgainOnlyWhenTheThreadIsGivenBack() throws Exception {
        processor.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !processor.processingStatus().isEmpty());
        processor.shutDown();
        loseTheThread();

        processor.start(); // as Axon leaves it: running, and never claiming
        Thread.sleep(1_000);
        assertThat(processor.processingStatus()).as("without its thread the processor claims nothing").isEmpty();
        processor.shutDown();

        assertThat(ProcessorRestart.giveBackLostThreads(processor)).isEqualTo(1);
        processor.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !processor.processingStatus().isEmpty());
        store.publish(GenericEventMessage.asEventMessage("after the restart"));
        await().atMost(Duration.ofSeconds(5)).until(() -> handled.contains("after the restart"));
    }

    @Test
    void aProcessorShutDownCleanlyHasNothingGivenBack() {
        processor.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !processor.processingStatus().isEmpty());
        assertThat(ProcessorRestart.giveBackLostThreads(processor)).as("running: left alone").isZero();
        processor.shutDown();
        assertThat(ProcessorRestart.giveBackLostThreads(processor)).isZero();
        assertThat(processor.availableProcessorThreads()).isEqualTo(processor.maxCapacity());
        ProcessorRestart.start(processor);
        await().atMost(Duration.ofSeconds(5)).until(() -> !processor.processingStatus().isEmpty());
    }

    private void loseTheThread() {
        ProcessorRestart.availableThreads(processor).set(0);
    }
}
