package org.coordination.ledger.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.junit.jupiter.api.Test;

/** A processor's event gets Axon's span while it is recent, none once it is older than the limit (a replay). */
class RecentEventSpansTest {

    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    final EventProcessorSpanFactory axons = mock(EventProcessorSpanFactory.class);
    final RecentEventSpans spans = new RecentEventSpans(axons, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));

    EventMessage<?> storedAt(Instant timestamp) {
        EventMessage<?> event = mock(EventMessage.class);
        when(event.getTimestamp()).thenReturn(timestamp);
        return event;
    }

    @Test
    void aRecentEventIsHandledInAxonsSpan() {
        EventMessage<?> event = storedAt(NOW.minusSeconds(119));
        Span axonsSpan = mock(Span.class);
        when(axons.createProcessEventSpan(true, event)).thenReturn(axonsSpan);
        assertThat(spans.createProcessEventSpan(true, event)).isSameAs(axonsSpan);
    }

    @Test
    void anEventOlderThanTheLimitIsHandledWithoutASpan() {
        EventMessage<?> event = storedAt(NOW.minusSeconds(121));
        assertThat(spans.createProcessEventSpan(true, event)).isSameAs(NoOpSpanFactory.NoOpSpan.INSTANCE);
        verify(axons, never()).createProcessEventSpan(true, event);
    }
}
