package org.coordination.ledger.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.axonframework.config.ConfigurerModule;
import org.coordination.ledger.readmodel.rebuild.Progress;
import org.coordination.ledger.readmodel.rebuild.Rebuilds;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What operators see besides Spring Boot's and Axon's own meters (docs/operations.md, "Metrics"): each streaming
 * processor's batches ({@link BatchMetrics}), lag, dead letters and segments ({@link EventProcessorMetrics}), and the
 * rebuild running, if any. The figures read from the database are the same on every instance.
 */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    @Bean
    ConfigurerModule processorBatchMetrics(MeterRegistry meters) {
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((config, processor) -> new BatchMetrics(processor, meters));
    }

    @Bean
    MeterBinder replayMetrics(Rebuilds rebuilds) {
        return meters -> {
            replayGauge(meters, rebuilds, "ledger.replay.running", "1 while a rebuild of the read models runs, else 0", p -> 1);
            replayGauge(meters, rebuilds, "ledger.replay.events.done", "Events the running rebuild has folded", Progress::eventsDone);
            replayGauge(meters, rebuilds, "ledger.replay.events.expected", "Events the running rebuild goes through (grows while it runs)", Progress::eventsTotal);
        };
    }

    private static void replayGauge(MeterRegistry meters, Rebuilds rebuilds, String name, String description,
                                    ToDoubleFunction<Progress> value) {
        Gauge.builder(name, () -> {
                    Optional<Progress> running = rebuilds.running();
                    return running.isPresent() ? value.applyAsDouble(running.get()) : 0;
                })
                .description(description).register(meters);
    }
}
