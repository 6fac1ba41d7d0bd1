package org.coordination.ledger.monitoring;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.eventhandling.DefaultEventProcessorSpanFactory;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Traces (docs/operations.md, "Traces"), off unless {@code LEDGER_TRACING_ENABLED=true}. On, Axon's OpenTelemetry span
 * factory, on the OpenTelemetry instance Spring Boot configures (its sampler and OTLP exporter; Boot does not make it
 * the global one, so Axon's own auto-configuration would trace into nothing), writes the W3C {@code traceparent} of
 * each command and event into its metadata, so that every processor's handling of an event continues the trace of the
 * request that caused it, on whichever thread or instance and however much later. Off, Axon's no-op factory: no span,
 * no metadata, no cost per message (OpenTelemetry's factory costs a few microseconds per event even when nothing is
 * sampled).
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "true")
    SpanFactory openTelemetrySpanFactory(OpenTelemetry openTelemetry) {
        // the SpanAttributesProvider beans are added by Axon's tracing auto-configuration
        return new SpansInsideTraces(OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer("org.axonframework"))
                .contextPropagators(W3CTraceContextPropagator.getInstance())
                .build());
    }

    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false", matchIfMissing = true)
    SpanFactory noSpans() {
        return NoOpSpanFactory.INSTANCE;
    }

    /**
     * Off, Micrometer's no-op tracer in place of the OpenTelemetry one Spring Boot would make anyway: Boot's
     * {@code management.tracing.enabled=false} only stops propagation and export, and every HTTP request would still
     * be a span, sampled and recorded for nothing (0.5 ms of CPU per command at 32 clients, docs/operations.md).
     */
    @Bean
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false", matchIfMissing = true)
    Tracer noTracer() {
        return Tracer.NOOP;
    }

    /**
     * Off, an incoming request's propagated trace context is not extracted into a span either: Spring Boot's receiving
     * handler takes its spans from the propagator, which builds them on the OpenTelemetry SDK's own tracer, not on the
     * tracer above, so every HTTP request was still an SDK span, sampled, recorded and handed to a span processor for
     * nothing (2.4 % of the request threads' CPU samples at one client; docs/benchmarks.md, change 68). With the no-op
     * tracer and propagator the handler makes no span. At Spring Boot's order for it: the tracing handlers are asked
     * in order and the first that takes an observation handles it.
     */
    @Bean
    @Order(MicrometerTracingAutoConfiguration.RECEIVER_TRACING_OBSERVATION_HANDLER_ORDER)
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false", matchIfMissing = true)
    PropagatingReceiverTracingObservationHandler<?> noReceivedSpans() {
        return new PropagatingReceiverTracingObservationHandler<>(Tracer.NOOP, Propagator.NOOP);
    }

    /** Off, the same for requests the service sends (Spring Boot's sending handler, built the same way). */
    @Bean
    @Order(MicrometerTracingAutoConfiguration.SENDER_TRACING_OBSERVATION_HANDLER_ORDER)
    @ConditionalOnProperty(name = "management.tracing.enabled", havingValue = "false", matchIfMissing = true)
    PropagatingSenderTracingObservationHandler<?> noSentSpans() {
        return new PropagatingSenderTracingObservationHandler<>(Tracer.NOOP, Propagator.NOOP);
    }

    /** The ledger's correlation id on every span of a message, so that a trace is found from an event's metadata. */
    @Bean
    SpanAttributesProvider correlationIdSpanAttribute() {
        return new CorrelationIdSpanAttribute();
    }

    /**
     * Each event handled by a processor is a span in the trace of the command that stored it, if it was stored
     * recently; an older one (a processor replaying or catching up) is handled without a span, where Axon would start
     * a trace of its own for each.
     */
    @Bean
    EventProcessorSpanFactory eventProcessorSpanFactory(SpanFactory spanFactory, Clock clock,
                                                        @Value("${ledger.tracing.recent-events:2m}") Duration recent) {
        EventProcessorSpanFactory axons = DefaultEventProcessorSpanFactory.builder()
                .spanFactory(spanFactory)
                .distributedInSameTrace(true)
                .distributedInSameTraceTimeLimit(recent)
                .disableBatchTrace(true) // a batch mixes the events of many traces; it would be a trace of its own
                .build();
        return spanFactory instanceof NoOpSpanFactory ? axons : new RecentEventSpans(axons, clock, recent);
    }
}
