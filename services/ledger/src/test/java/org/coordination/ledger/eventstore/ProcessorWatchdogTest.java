package org.coordination.ledger.eventstore;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** When a processor that runs here without a segment is started again, and when it is left alone. */
class ProcessorWatchdogTest {

    final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    final TrackingEventProcessor readModels = mock(TrackingEventProcessor.class);
    Instant now = Instant.parse("2026-12-03T20:00:00Z");
    static final NodeId THIS_NODE = new NodeId("ledger-a");
    final ProcessorWatchdog watchdog = new ProcessorWatchdog(processing, jdbc, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, Duration.ofSeconds(5), Duration.ofSeconds(90), mock(ApplicationContext.class), THIS_NODE);

    ProcessorWatchdogTest() {
        when(readModels.getName()).thenReturn("read-models");
        when(readModels.isRunning()).thenReturn(true);
        when(processing.eventProcessors()).thenReturn(Map.<String, EventProcessor>of("read-models", readModels));
        owners();
    }

    void owners(String... owners) {
        when(jdbc.queryForList(anyString(), eq(String.class), eq("read-models"))).thenReturn(List.of(owners));
    }

    void lookAfter(int seconds) {
        now = now.plusSeconds(seconds);
        watchdog.tick();
    }

    @Test
    void runningWithoutASegmentThatNobodyHoldsItIsStartedAgainAfterTheStallTime() {
        when(readModels.processingStatus()).thenReturn(Map.of());
        lookAfter(0);
        lookAfter(85);
        verify(readModels, never()).shutDown();

        lookAfter(5);

        InOrder order = inOrder(readModels);
        order.verify(readModels).shutDown();
        order.verify(readModels).start();
    }

    @Test
    void aStaleClaimOfThisInstanceCountsAsNobodys() {
        when(readModels.processingStatus()).thenReturn(Map.of());
        owners(THIS_NODE.value());
        lookAfter(0);
        lookAfter(90);

        verify(readModels).start();
    }

    @Test
    void aProcessorWithItsSegmentIsLeftAlone() {
        when(readModels.processingStatus()).thenReturn(Map.of(0, mock(EventTrackerStatus.class)));
        lookAfter(0);
        lookAfter(600);

        verify(readModels, never()).shutDown();
    }

    @Test
    void aTokenHeldByAnotherInstanceIsLeftToIt() {
        when(readModels.processingStatus()).thenReturn(Map.of());
        owners("4711@other-host");
        lookAfter(0);
        lookAfter(600);

        verify(readModels, never()).shutDown();
    }

    @Test
    void aStoppedProcessorIsLeftStopped() {
        when(readModels.isRunning()).thenReturn(false);
        when(readModels.processingStatus()).thenReturn(Map.of());
        lookAfter(0);
        lookAfter(600);

        verify(readModels, never()).start();
    }

    @Test
    void aClaimInBetweenStartsTheStallTimeAgain() {
        when(readModels.processingStatus()).thenReturn(Map.of());
        lookAfter(0);
        lookAfter(60);
        when(readModels.processingStatus()).thenReturn(Map.of(0, mock(EventTrackerStatus.class)));
        lookAfter(5);
        when(readModels.processingStatus()).thenReturn(Map.of());
        lookAfter(5);
        lookAfter(60);
        verify(readModels, never()).shutDown();

        lookAfter(30);
        verify(readModels).shutDown();
    }
}
