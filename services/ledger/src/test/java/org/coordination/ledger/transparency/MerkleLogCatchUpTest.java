package org.coordination.ledger.transparency;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** When the merkle-log processor is stopped for an append in bulk, and when it is left to itself (MerkleLogIT: the bulk's leaves). */
class MerkleLogCatchUpTest {

    final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    final TokenStore tokenStore = mock(TokenStore.class);
    final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    final MerkleLogStore merkleLog = mock(MerkleLogStore.class);
    final TrackingEventProcessor processor = mock(TrackingEventProcessor.class);
    final EventTrackerStatus status = mock(EventTrackerStatus.class);
    final MerkleLogCatchUp catchUp = new MerkleLogCatchUp(processing, tokenStore, new TransactionTemplate(mock(PlatformTransactionManager.class)),
            jdbc, merkleLog, Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC), 1_000, 100, mock(ApplicationContext.class));

    void at(long position, long head) {
        when(processing.eventProcessor(MerkleLogAppender.PROCESSING_GROUP, TrackingEventProcessor.class)).thenReturn(Optional.of(processor));
        when(processor.isRunning()).thenReturn(true);
        when(processor.processingStatus()).thenReturn(Map.of(0, status));
        when(status.getTrackingToken()).thenReturn(GapAwareTrackingToken.newInstance(position, Set.of()));
        when(jdbc.queryForObject(anyString(), eq(Long.class))).thenReturn(head);
        when(jdbc.query(anyString(), any(RowMapper.class), any(Object[].class))).thenReturn(List.of()); // no rows
        when(tokenStore.fetchToken(MerkleLogAppender.PROCESSING_GROUP, 0)).thenReturn(GapAwareTrackingToken.newInstance(position, Set.of()));
    }

    @Test
    void farBehindItIsStoppedAppendedInBulkUnderItsClaimReleasedAndStartedAgain() {
        at(10, 5_000);

        catchUp.tick();

        // the store here answers no rows: one chunk, short, so near the head; nothing appended, the token left alone
        InOrder order = inOrder(processor, tokenStore, merkleLog);
        order.verify(processor).shutDown();
        order.verify(tokenStore).fetchToken(MerkleLogAppender.PROCESSING_GROUP, 0);
        order.verify(merkleLog).appendStored(any());
        order.verify(tokenStore).releaseClaim(MerkleLogAppender.PROCESSING_GROUP, 0);
        order.verify(processor).start();
        verify(tokenStore, never()).storeToken(any(), anyString(), eq(0));
    }

    @Test
    void notFarBehindFailingOrNotRunningHereItIsLeftAlone() {
        at(4_500, 5_000);
        catchUp.tick();
        at(10, 5_000);
        when(status.isErrorState()).thenReturn(true);
        catchUp.tick();
        when(status.isErrorState()).thenReturn(false);
        when(processor.processingStatus()).thenReturn(Map.of());
        catchUp.tick(); // another instance holds its segment
        when(processor.isRunning()).thenReturn(false);
        catchUp.tick();

        verify(processor, never()).shutDown();
        verify(tokenStore, never()).fetchToken(anyString(), eq(0));
    }

    @Test
    void aTokenClaimedByAnotherInstanceLeavesTheAppendsToIt() {
        at(10, 5_000);
        when(tokenStore.fetchToken(MerkleLogAppender.PROCESSING_GROUP, 0)).thenThrow(new UnableToClaimTokenException("claimed"));

        catchUp.tick();

        verify(processor).start();
        verify(merkleLog, never()).appendStored(any());
    }
}
