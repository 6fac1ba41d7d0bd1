package org.coordination.ledger.readmodel.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
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
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.coordination.ledger.eventstore.NodeId;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** What the coordinator does at each step, on the processors' and the token store's word alone. */
class RebuildCoordinatorTest {

    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    final RebuildJobs jobs = mock(RebuildJobs.class);
    final BulkReplay bulk = mock(BulkReplay.class);
    final LiveCatchUp catchUp = mock(LiveCatchUp.class);
    final ShadowTables shadowTables = mock(ShadowTables.class);
    final EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
    final TokenStore tokenStore = mock(TokenStore.class);
    final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    final TrackingEventProcessor live = mock(TrackingEventProcessor.class);
    final TrackingEventProcessor rebuild = mock(TrackingEventProcessor.class);
    final RebuildCoordinator coordinator = new RebuildCoordinator(jobs, bulk, catchUp, shadowTables, processing, tokenStore,
            new TransactionTemplate(mock(PlatformTransactionManager.class)), jdbc, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1),
            mock(ApplicationContext.class), new NodeId("ledger-a"));

    RebuildCoordinatorTest() {
        when(processing.eventProcessor("read-models", TrackingEventProcessor.class)).thenReturn(Optional.of(live));
        when(processing.eventProcessor("read-models-rebuild", TrackingEventProcessor.class)).thenReturn(Optional.of(rebuild));
    }

    static RebuildJobs.Job job(String state, Instant resetAt) {
        return new RebuildJobs.Job("job-1", List.of("force"), state, 10, 10, NOW, resetAt, "node", null, null);
    }

    static EventTrackerStatus status(boolean caughtUp, Throwable error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.isCaughtUp()).thenReturn(caughtUp);
        when(status.isErrorState()).thenReturn(error != null);
        when(status.getError()).thenReturn(error);
        return status;
    }

    void owner(boolean owns) {
        Map<Integer, EventTrackerStatus> segments = owns ? Map.of(0, status(true, null)) : Map.of();
        when(live.processingStatus()).thenReturn(segments);
    }

    @Test
    void anInstanceThatDoesNotOwnTheLiveProcessorTouchesNothingAndStopsItsShadow() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", null)));
        owner(false);
        when(rebuild.isRunning()).thenReturn(true);

        coordinator.tick();

        verify(rebuild).shutDown();
        verify(rebuild, never()).resetTokens(any(java.util.function.Function.class), any());
        verify(jobs, never()).reset(anyString(), org.mockito.ArgumentMatchers.anyLong(), anyString(), any());
        verify(live, never()).shutDown();
    }

    @Test
    void withoutAJobTheLiveProcessorIsOfferedToTheCatchUpAndNoRebuildRuns() {
        when(jobs.active()).thenReturn(Optional.empty());
        owner(true);

        coordinator.tick();

        verify(catchUp).catchUp(eq(live), any());
        verify(bulk, never()).run(any());
    }

    @Test
    void withAJobTheCatchUpWaits() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", NOW)));
        owner(true);

        coordinator.tick();

        verify(catchUp, never()).catchUp(any(), any());
    }

    @Test
    void theOwnerPicksUpANewJobByResettingTheShadowProcessorThenReplaysInBulkThenStartsIt() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", null)));
        owner(true);
        when(jdbc.queryForObject(anyString(), eq(Long.class))).thenReturn(10L);
        when(jobs.reset("job-1", 10, "ledger-a", NOW)).thenReturn(true);
        when(tokenStore.fetchSegments("read-models-rebuild")).thenReturn(new int[0]);
        when(bulk.run(any())).thenReturn(true);

        coordinator.tick();

        verify(tokenStore).initializeTokenSegments("read-models-rebuild", 1, null);
        org.mockito.InOrder order = org.mockito.Mockito.inOrder(rebuild, bulk);
        order.verify(rebuild).resetTokens(any(java.util.function.Function.class), eq("job-1"));
        order.verify(bulk).run(any());
        order.verify(rebuild).start();
    }

    @Test
    void aJobPickedUpEarlierContinuesWithTheBulkReplayFromTheShadowsTokenThenTheShadowProcessor() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", NOW)));
        owner(true);
        when(rebuild.isRunning()).thenReturn(false);
        when(bulk.run(any())).thenReturn(true);

        coordinator.tick();

        verify(rebuild, never()).resetTokens(any(java.util.function.Function.class), any());
        verify(bulk).run(any());
        verify(rebuild).start();
    }

    @Test
    void aBulkReplayThatStopsShortLeavesTheShadowProcessorStoppedAndReleasesItsToken() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", NOW)));
        owner(true);
        when(bulk.run(any())).thenReturn(false); // the live processor moved to another instance meanwhile

        coordinator.tick();

        verify(rebuild, never()).start();
        verify(tokenStore).releaseClaim("read-models-rebuild", 0);
        verify(jobs, never()).failed(anyString(), anyString(), any());
    }

    @Test
    void aFoldThatFailsInTheBulkReplayFailsTheJob() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", NOW)));
        owner(true);
        when(bulk.run(any())).thenThrow(new IllegalStateException("poison"));
        when(jobs.failed(eq("job-1"), anyString(), eq(NOW))).thenReturn(true);

        coordinator.tick();

        verify(jobs).failed(eq("job-1"), org.mockito.ArgumentMatchers.contains("poison"), eq(NOW));
        verify(shadowTables).drop();
        verify(rebuild, never()).start();
    }

    @Test
    void aShadowTokenClaimedByAnotherInstanceLeavesTheJobToIt() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", NOW)));
        owner(true);
        when(bulk.run(any())).thenThrow(new UnableToClaimTokenException("owned by another node"));

        coordinator.tick();

        verify(bulk).run(any()); // the bulk replay was asked, and its refusal handled
        verify(jobs, never()).failed(anyString(), anyString(), any());
        verify(shadowTables, never()).drop();
        verify(rebuild, never()).start();
    }

    @Test
    void aShadowInErrorFailsTheJobAndLeavesTheLiveTablesAlone() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", NOW)));
        owner(true);
        when(rebuild.isRunning()).thenReturn(true);
        EventTrackerStatus failing = status(false, new IllegalStateException("poison"));
        when(rebuild.processingStatus()).thenReturn(Map.of(0, failing));
        when(jobs.failed(eq("job-1"), anyString(), eq(NOW))).thenReturn(true);

        coordinator.tick();

        verify(rebuild).shutDown();
        verify(jobs).failed(eq("job-1"), org.mockito.ArgumentMatchers.contains("poison"), eq(NOW));
        verify(shadowTables).drop();
        verify(shadowTables, never()).putInPlace();
        verify(live, never()).shutDown();
    }

    @Test
    void aLiveTokenClaimedElsewhereDuringTheSwitchLeavesTheJobSwitchingForTheNewOwner() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", NOW)));
        owner(true);
        when(rebuild.isRunning()).thenReturn(true);
        EventTrackerStatus caughtUp = status(true, null);
        when(rebuild.processingStatus()).thenReturn(Map.of(0, caughtUp));
        when(tokenStore.fetchToken("read-models", 0)).thenThrow(new UnableToClaimTokenException("owned by another node"));

        coordinator.tick();

        verify(jobs).switching("job-1");
        verify(rebuild).shutDown();
        verify(live).shutDown();
        verify(shadowTables, never()).putInPlace();
        verify(tokenStore, never()).storeToken(any(), anyString(), anyInt());
        verify(jobs, never()).completed(anyString(), anyString(), any());
        verify(live).start(); // it resumes; the token store decides who runs it
    }

    @Test
    void theSwitchReplacesEveryTableAndGivesTheLiveProcessorTheShadowsPositionInOneTransaction() {
        when(jobs.active()).thenReturn(Optional.of(job("RUNNING", NOW)));
        owner(true);
        when(rebuild.isRunning()).thenReturn(true);
        EventTrackerStatus caughtUp = status(true, null);
        when(rebuild.processingStatus()).thenReturn(Map.of(0, caughtUp));
        TrackingToken position = GapAwareTrackingToken.newInstance(41, List.of(40L));
        when(tokenStore.fetchToken("read-models-rebuild", 0))
                .thenReturn(ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(90, List.of()), position));
        when(jobs.completed("job-1", "ledger-a", NOW)).thenReturn(true);
        when(jobs.find("job-1")).thenReturn(Optional.of(job("COMPLETED", NOW)));

        coordinator.tick();

        org.mockito.InOrder order = org.mockito.Mockito.inOrder(rebuild, shadowTables, live);
        order.verify(rebuild).shutDown();
        order.verify(shadowTables).index(); // while the live processor still serves
        order.verify(live).shutDown();
        order.verify(shadowTables).putInPlace();
        verify(tokenStore).storeToken(position, "read-models", 0);
        verify(tokenStore).releaseClaim("read-models-rebuild", 0);
        verify(live).start();
    }

    @Test
    void aReplayTokenUnwrapsToItsCurrentPosition() {
        TrackingToken current = GapAwareTrackingToken.newInstance(5, List.of());
        assertThat(RebuildCoordinator.withoutReplay(ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(9, List.of()), current)))
                .isEqualTo(current);
        assertThat(RebuildCoordinator.withoutReplay(current)).isEqualTo(current);
        assertThat(RebuildCoordinator.withoutReplay(null)).isNull();
    }
}
