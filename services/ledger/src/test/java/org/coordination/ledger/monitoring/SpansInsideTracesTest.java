package org.coordination.ledger.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.junit.jupiter.api.Test;

/**
 * A handler's span only inside a trace: a processor handling an event too old to be traced (no span current) gets
 * none, where Axon's factory alone would start a trace for each call; inside a trace, Axon's span, in that trace.
 */
class SpansInsideTracesTest {

    final InMemorySpanExporter exported = InMemorySpanExporter.create();
    final Tracer tracer = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build().get("test");
    final SpansInsideTraces spans = new SpansInsideTraces(OpenTelemetrySpanFactory.builder().tracer(tracer)
            .contextPropagators(W3CTraceContextPropagator.getInstance()).build());

    @Test
    void outsideATraceAHandlerCallIsNotASpan() {
        assertThat(spans.createInternalSpan(() -> "ReadModelProjector.on(LedgerEvent)")).isSameAs(NoOpSpanFactory.NoOpSpan.INSTANCE);
        spans.createInternalSpan(() -> "ReadModelProjector.on(LedgerEvent)").run(() -> { });
        assertThat(exported.getFinishedSpanItems()).as("no trace started by a handler call").isEmpty();
    }

    @Test
    void insideATraceAHandlerCallIsASpanOfIt() {
        io.opentelemetry.api.trace.Span process = tracer.spanBuilder("StreamingEventProcessor.process(LeadAppointed)").startSpan();
        try (Scope scope = process.makeCurrent()) {
            spans.createInternalSpan(() -> "ReadModelProjector.on(LedgerEvent)").run(() -> { });
        } finally {
            process.end();
        }
        assertThat(exported.getFinishedSpanItems()).anySatisfy(span -> {
            assertThat(span.getName()).isEqualTo("ReadModelProjector.on(LedgerEvent)");
            assertThat(span.getParentSpanId()).isEqualTo(process.getSpanContext().getSpanId());
        });
    }
}
