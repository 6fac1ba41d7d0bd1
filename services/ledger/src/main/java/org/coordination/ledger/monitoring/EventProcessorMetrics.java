package org.coordination.ledger.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Per streaming processor (read models, policies, publisher, a rebuild's shadow): its lag in events and in
 * seconds (from the shared tokens, {@link ProcessorProgress}), its dead letters, and how many of its segments this instance has
 * claimed, so that across instances the dashboards show who runs what. Registered once the application is
 * ready, when Axon has built its processors.
 */
@Component
class EventProcessorMetrics {

    private final EventProcessingConfiguration processing;
    private final ProcessorProgress progress;
    private final MeterRegistry meters;

    EventProcessorMetrics(EventProcessingConfiguration processing, ProcessorProgress progress, MeterRegistry meters) {
        this.processing = processing;
        this.progress = progress;
        this.meters = meters;
    }

    @EventListener(ApplicationReadyEvent.class)
    void register() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("ledger.processor.lag.events", () -> events(name))
                        .tag("processor", name).baseUnit("events")
                        .description("Events in the store after the processor's slowest segment (the same on every instance)")
                        .register(meters);
                Gauge.builder("ledger.processor.lag", () -> seconds(name))
                        .tag("processor", name).baseUnit("seconds")
                        .description("Age of the oldest event the processor has not handled yet; 0 at the head")
                        .register(meters);
                Gauge.builder("ledger.processor.dead.letters", () -> progress.deadLetters(name))
                        .tag("processor", name).baseUnit("events")
                        .description("Events parked in the processor's dead-letter queue")
                        .register(meters);
                Gauge.builder("ledger.processor.segments.claimed", streaming, p -> p.processingStatus().size())
                        .tag("processor", name)
                        .description("Segments of the processor this instance has claimed and processes")
                        .register(meters);
            }
        });
    }

    /** NaN (no sample) while the processor has stored no token yet. */
    private double events(String processor) {
        ProcessorProgress.Lag lag = progress.lag(processor);
        return lag == null ? Double.NaN : lag.events();
    }

    private double seconds(String processor) {
        ProcessorProgress.Lag lag = progress.lag(processor);
        return lag == null ? Double.NaN : lag.time().toMillis() / 1000.0;
    }
}
