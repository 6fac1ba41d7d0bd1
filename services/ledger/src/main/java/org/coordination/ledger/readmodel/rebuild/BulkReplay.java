package org.coordination.ledger.readmodel.rebuild;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.coordination.ledger.eventstore.EngineTokens;
import org.coordination.ledger.readmodel.EventHistory;
import org.coordination.ledger.readmodel.LiveReadSide;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bulk of a rebuild, before the shadow processor takes over: the store's events read in large
 * chunks straight from the table, two chunks read ahead while one is folded ({@link ReadAhead}), and folded into the shadow tables, each chunk's rows, its count in
 * the job and the shadow processor's token committed together. The shadow processor then starts from
 * that token and folds the last events (those appended meanwhile) as before. The same for the live
 * "read-models" processor when it is far behind ({@link LiveCatchUp}): its events folded into the live
 * tables with its token, chunk by chunk, while the processor is stopped.
 *
 * <p>Why not the processor all the way: per event, Axon's tracking processor opened a unit of work, ran
 * its interceptors, deserialized payload and metadata through the serializer and parsed the row's
 * timestamp; two thirds of a rebuild's CPU (docs/benchmarks.md). Here an event costs its row, its
 * payload and the five provenance entries.
 *
 * <p>The token is worked out as Axon's JDBC engine works it out for its processors (same gap offset,
 * same gap timeout, events committed late into a gap read first), so the shadow processor continues
 * exactly where this stopped, and a rebuild interrupted here continues from the same token, here or
 * on the next owner.
 */
@Component
class BulkReplay {

    private static final Logger log = LoggerFactory.getLogger(BulkReplay.class);

    /** Where a chunk's events are folded, in the chunk's transaction, and whose token moves past them. */
    interface Target {
        String processor();

        /** Folds the chunk's events and writes what they made; throws if one of them cannot be folded. */
        void fold(List<EventHistory.Stored> events);
    }

    private final ReadSideShadow shadow;
    private final LiveReadSide live;
    private final RebuildJobs jobs;
    private final TokenStore tokenStore;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int chunk;
    /** Chunks read ahead of the one folded, each on its own connection ({@link ReadAhead}). */
    static final int READS_AHEAD = 2;

    BulkReplay(ReadSideShadow shadow, LiveReadSide live, RebuildJobs jobs, TokenStore tokenStore, TransactionTemplate transactions, Clock clock,
               @Value("${ledger.read-models.rebuild-batch-size:2000}") int chunk) {
        this.shadow = shadow;
        this.live = live;
        this.jobs = jobs;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.clock = clock;
        this.chunk = chunk;
    }

    /**
     * A rebuild's bulk: folds chunk after chunk into the shadow tables from the shadow's stored token while
     * {@code goOn} says so.
     *
     * @return true once the chunks have reached near the store's head ({@link ReadAhead}: the shadow processor
     * takes the rest), or at once for a token of a kind this does not know (the processor takes it all); false if it
     * stopped because {@code goOn} said so
     */
    boolean run(BooleanSupplier goOn) {
        return run(new Target() {
            @Override
            public String processor() {
                return RebuildProcessing.SHADOW_PROCESSOR;
            }

            @Override
            public void fold(List<EventHistory.Stored> events) {
                ReadSideShadow.Batch batch = shadow.batch();
                batch.prefetch(events.stream().map(event -> event.envelope().event()).toList());
                for (EventHistory.Stored event : events) {
                    batch.fold(event.envelope());
                }
                batch.flush();
                jobs.counted(batch.events());
            }
        }, goOn);
    }

    /**
     * A catch-up in bulk of the live "read-models" processor, stopped meanwhile: folds chunk after chunk
     * into the live tables from its stored token, while {@code goOn} says so; returns as {@link #run}.
     * A chunk with an event that cannot be folded rolls back and the exception comes out: the processor
     * then folds from the last chunk committed, and dead-letters that event as it always does.
     */
    boolean catchUpLive(BooleanSupplier goOn) {
        return run(new Target() {
            @Override
            public String processor() {
                return ReadSideShadow.LIVE_PROCESSOR;
            }

            @Override
            public void fold(List<EventHistory.Stored> events) {
                LiveReadSide.Batch batch = live.batch();
                batch.prefetch(events.stream().map(event -> event.envelope().event()).toList());
                for (EventHistory.Stored event : events) {
                    batch.fold(event.envelope());
                }
                batch.flushNew(); // past the live token: no row of these events is there yet
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        batch.afterCommit(); // the processor goes on with the committed documents as objects
                    }
                });
            }
        }, goOn);
    }

    private boolean run(Target target, BooleanSupplier goOn) {
        TrackingToken stored = transactions.execute(status ->
                RebuildCoordinator.withoutReplay(tokenStore.fetchToken(target.processor(), 0)));
        if (stored != null && !(stored instanceof GapAwareTrackingToken)) {
            return true; // not this engine's token: the processor knows what to do with it
        }
        long folded = 0;
        GapAwareTrackingToken token = (GapAwareTrackingToken) stored;
        try (ReadAhead reads = new ReadAhead(ReadAhead.of(shadow.history()), token, chunk, READS_AHEAD)) {
            List<EventHistory.Stored> events;
            while ((events = reads.next()) != null) {
                Instant gapsSince = clock.instant().minus(EngineTokens.GAP_TIMEOUT);
                GapAwareTrackingToken position = token;
                for (EventHistory.Stored event : events) {
                    position = advance(position, event, gapsSince);
                }
                if (!goOn.getAsBoolean()) {
                    return false;
                }
                if (!events.isEmpty()) { // a range of gaps only moves nothing
                    fold(target, events, position);
                }
                folded += events.size();
                token = position;
            }
        }
        log.info("Bulk replay: {} events folded for {}, up to global index {}; the processor takes the rest",
                folded, target.processor(), token == null ? -1 : token.getIndex());
        return true;
    }

    /** One chunk's rows (and a rebuild's count in its job) and the token after it, in one transaction. */
    private void fold(Target target, List<EventHistory.Stored> events, GapAwareTrackingToken position) {
        transactions.executeWithoutResult(status -> {
            target.fold(events);
            if (position != null) {
                tokenStore.storeToken(position, target.processor(), 0);
            }
        });
    }

    /** The token after {@code event}, as Axon's JDBC engine computes it for a processor reading the same rows. */
    static GapAwareTrackingToken advance(GapAwareTrackingToken token, EventHistory.Stored event, Instant gapsSince) {
        return EngineTokens.advance(token, event.envelope().globalIndex(), event.storedAt().isAfter(gapsSince));
    }
}
