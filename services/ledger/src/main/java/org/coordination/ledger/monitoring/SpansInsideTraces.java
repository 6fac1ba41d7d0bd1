package org.coordination.ledger.monitoring;

import java.util.function.Supplier;
import org.axonframework.messaging.Message;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;

/**
 * Axon's span factory, but an internal span (a handler's, a lock's) only inside a trace. Axon wraps every handler
 * call in an internal span whose parent is whatever span is current; where none is (a processor handling an event
 * too old to be traced, {@link RecentEventSpans}), each call would start a trace of its own, one per event of a
 * replay.
 */
final class SpansInsideTraces implements SpanFactory {

    private final SpanFactory delegate;

    SpansInsideTraces(SpanFactory delegate) {
        this.delegate = delegate;
    }

    private static boolean inATrace() {
        return io.opentelemetry.api.trace.Span.current().getSpanContext().isValid();
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier) {
        return inATrace() ? delegate.createInternalSpan(operationNameSupplier) : NoOpSpanFactory.NoOpSpan.INSTANCE;
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier, Message<?> message) {
        return inATrace() ? delegate.createInternalSpan(operationNameSupplier, message) : NoOpSpanFactory.NoOpSpan.INSTANCE;
    }

    @Override
    public Span createRootTrace(Supplier<String> operationNameSupplier) {
        return delegate.createRootTrace(operationNameSupplier);
    }

    @Override
    public Span createHandlerSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage, boolean isChildTrace,
                                  Message<?>... linkedParents) {
        return delegate.createHandlerSpan(operationNameSupplier, parentMessage, isChildTrace, linkedParents);
    }

    @Override
    public Span createDispatchSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage, Message<?>... linkedSiblings) {
        return delegate.createDispatchSpan(operationNameSupplier, parentMessage, linkedSiblings);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        delegate.registerSpanAttributeProvider(provider);
    }

    @Override
    public <M extends Message<?>> M propagateContext(M message) {
        return delegate.propagateContext(message);
    }
}
