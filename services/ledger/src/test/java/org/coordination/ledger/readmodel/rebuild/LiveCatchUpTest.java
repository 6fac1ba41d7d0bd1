package org.coordination.ledger.readmodel.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.coordination.ledger.eventstore.DeadLetterTable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** When the live processor is caught up in bulk, and when it is left to catch up by itself. */
class LiveCatchUpTest {

    final BulkReplay bulk = mock(BulkReplay.class);
    final TokenStore tokenStore = mock(TokenStore.class);
    final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    final TrackingEventProcessor live = mock(TrackingEventProcessor.class);
    final LiveCatchUp catchUp = new LiveCatchUp(bulk, tokenStore, new TransactionTemplate(mock(PlatformTransactionManager.class)), jdbc,
            DeadLetterTable.forEngine("jdbc"), 1_000);

    void at(long position, long head, boolean deadLetters) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getTrackingToken()).thenReturn(GapAwareTrackingToken.newInstance(position, Set.of()));
        when(status.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(live.isRunning()).thenReturn(true);
        when(live.processingStatus()).thenReturn(Map.of(0, status));
        when(jdbc.queryForObject(anyString(), eq(Long.class))).thenReturn(head);
        when(jdbc.queryForObject(anyString(), eq(Boolean.class), any())).thenReturn(deadLetters);
    }

    @Test
    void farBehindItIsStoppedCaughtUpInBulkReleasedAndStartedAgain() {
        at(10, 5_000, false);
        when(bulk.catchUpLive(any())).thenReturn(true);

        assertThat(catchUp.catchUp(live, () -> true)).isTrue();

        InOrder order = inOrder(live, bulk, tokenStore);
        order.verify(live).shutDown();
        order.verify(bulk).catchUpLive(any());
        order.verify(tokenStore).releaseClaim("read-models", 0);
        order.verify(live).start();
    }

    @Test
    void notFarBehindWithDeadLettersOrNotRunningHereItIsLeftAlone() {
        at(4_500, 5_000, false);
        assertThat(catchUp.catchUp(live, () -> true)).isFalse();
        at(10, 5_000, true);
        assertThat(catchUp.catchUp(live, () -> true)).as("dead letters").isFalse();
        at(10, 5_000, false);
        when(live.processingStatus()).thenReturn(Map.of());
        assertThat(catchUp.catchUp(live, () -> true)).as("another instance runs it").isFalse();
        when(live.isRunning()).thenReturn(false);
        assertThat(catchUp.catchUp(live, () -> true)).as("stopped").isFalse();

        verify(live, never()).shutDown();
        verify(bulk, never()).catchUpLive(any());
    }

    /**
     * The stop waits for the processor's batch in progress, which may park an event in the dead-letter queue: then the
     * later events of that stream must wait behind it, so the processor is started again without a bulk catch-up.
     */
    @Test
    void anEventParkedByTheBatchTheStopWaitedForLeavesTheProcessorToItself() {
        at(10, 5_000, false);
        when(jdbc.queryForObject(anyString(), eq(Boolean.class), any())).thenReturn(false, true); // before the stop, after it

        assertThat(catchUp.catchUp(live, () -> true)).isTrue();

        verify(bulk, never()).catchUpLive(any());
        InOrder order = inOrder(live, tokenStore);
        order.verify(live).shutDown();
        order.verify(tokenStore).releaseClaim("read-models", 0);
        order.verify(live).start();
    }

    @Test
    void aFailedChunkLeavesTheProcessorToItselfUntilItHasPassedTheHeadAsItWas() {
        at(10, 5_000, false);
        when(bulk.catchUpLive(any())).thenThrow(new IllegalStateException("a poison event"));

        assertThat(catchUp.catchUp(live, () -> true)).isTrue();
        verify(live).start();

        at(3_000, 9_000, false);
        assertThat(catchUp.catchUp(live, () -> true)).as("still below the head of the failure").isFalse();
        at(5_000, 9_000, false);
        doReturn(true).when(bulk).catchUpLive(any());
        assertThat(catchUp.catchUp(live, () -> true)).as("past it, and far behind again").isTrue();
    }

    @Test
    void aTokenClaimedByAnotherInstanceLeavesTheCatchUpToIt() {
        at(10, 5_000, false);
        when(bulk.catchUpLive(any())).thenThrow(new UnableToClaimTokenException("claimed"));

        assertThat(catchUp.catchUp(live, () -> true)).isTrue();

        verify(live).start();
    }
}
