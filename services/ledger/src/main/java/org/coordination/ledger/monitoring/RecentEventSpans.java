package org.coordination.ledger.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;

/**
 * A processor's span for an event only while the event is recent: Axon would start a new trace, linked to the
 * original, for each event older than its limit, so a processor replaying a million events (a saga's processor
 * started on an old ledger, a rebuild's tail) would send a million traces to the collector.
 */
final class RecentEventSpans implements EventProcessorSpanFactory {

    private final EventProcessorSpanFactory delegate;
    private final Clock clock;
    private final Duration recent;

    RecentEventSpans(EventProcessorSpanFactory delegate, Clock clock, Duration recent) {
        this.delegate = delegate;
        this.clock = clock;
        this.recent = recent;
    }

    @Override
    public Span createBatchSpan(boolean streaming, List<? extends EventMessage<?>> batch) {
        return delegate.createBatchSpan(streaming, batch);
    }

    @Override
    public Span createProcessEventSpan(boolean streaming, EventMessage<?> event) {
        if (streaming && event.getTimestamp().isBefore(clock.instant().minus(recent))) {
            return NoOpSpanFactory.NoOpSpan.INSTANCE;
        }
        return delegate.createProcessEventSpan(streaming, event);
    }
}
