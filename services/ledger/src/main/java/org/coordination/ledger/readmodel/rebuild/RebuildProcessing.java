package org.coordination.ledger.readmodel.rebuild;

import java.util.concurrent.TimeUnit;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

/**
 * The shadow processor: a second tracking processor over the event store, one segment, large batches,
 * from the first event, never started by the application itself: {@link RebuildCoordinator} starts it
 * on the instance that owns the live processor's token, after resetting it.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class RebuildProcessing {

    static final String SHADOW_PROCESSOR = "read-models-rebuild";

    @Bean
    ConfigurerModule readModelsRebuildProcessor(@Value("${ledger.read-models.rebuild-batch-size:2000}") int batchSize) {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessor(SHADOW_PROCESSOR, Configuration::eventStore,
                c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andInitialSegmentsCount(1)
                        .andBatchSize(batchSize)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                        .andAutoStart(false)
                        // caught up, it waits this long for an event before it looks again: its shutdown before
                        // the switch waited out Axon's default second (a wait without events extends its claim,
                        // a row update, so not the live processors' setting: this one runs only at a rebuild's end)
                        .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS));
    }
}
