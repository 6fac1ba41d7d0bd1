package org.coordination.ledger.readmodel.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.coordination.ledger.eventstore.ProcessorRestart;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.StreamableMessageSource;
import org.coordination.ledger.eventstore.PeriodicLook;
import org.coordination.ledger.eventstore.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out rebuild jobs, on every instance, once a second, but acts only on the instance whose live
 * "read-models" processor holds its token (segment 0); the others keep serving and, should they hold the
 * shadow processor, stop it. Without a job, the owner catches its live processor up in bulk when it is
 * far behind ({@link LiveCatchUp}); on this thread, so that a rebuild and a catch-up never overlap. On
 * the owner:
 * <ol>
 * <li>a job not yet picked up: in one transaction, mark it picked up and reset the shadow processor's
 * token to the tail of the event store ({@code resetTokens}), which recreates the shadow tables
 * ({@code @ResetHandler}); then the bulk replay ({@link BulkReplay}) folds the store's events into them,
 * chunk by chunk, moving the shadow's token, until it is near the head; then start the shadow processor;</li>
 * <li>a job picked up (here, or by an owner before this one): the bulk replay goes on from the shadow's
 * token, then the shadow processor runs here; it folds the last events into the shadow tables and
 * counts them into the job;</li>
 * <li>the shadow processor in error: the job fails, the live tables untouched;</li>
 * <li>the shadow processor caught up: stop it and the live processor, then in one transaction claim the
 * live token again, put every shadow table in its live table's place (drop, rename) and set the live token to the
 * shadow's; start the live processor. The live tables and the live token change together, so the live
 * processor resumes exactly after the last event the rebuilt tables hold. If another instance claimed
 * the live token meanwhile, the transaction rolls back, the job stays SWITCHING, and the new owner
 * finishes it.</li>
 * </ol>
 * Nothing is kept in memory between steps: the job row, the tokens and the processors' own state are
 * the whole of it.
 */
@Component
class RebuildCoordinator {

    private static final Logger log = LoggerFactory.getLogger(RebuildCoordinator.class);

    private final RebuildJobs jobs;
    private final BulkReplay bulk;
    private final LiveCatchUp catchUp;
    private final ShadowTables shadowTables;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration interval;
    /** The name the token store knows this instance by, written on the jobs it carries out. */
    private final String node;
    private final PeriodicLook looks;

    RebuildCoordinator(RebuildJobs jobs, BulkReplay bulk, LiveCatchUp catchUp, ShadowTables shadowTables, EventProcessingConfiguration processing, TokenStore tokenStore,
                       TransactionTemplate transactions, JdbcTemplate jdbc, Clock clock,
                       @Value("${ledger.read-models.rebuild-poll:1s}") Duration interval, ApplicationContext context,
                       NodeId node) {
        this.jobs = jobs;
        this.bulk = bulk;
        this.catchUp = catchUp;
        this.shadowTables = shadowTables;
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.interval = interval;
        this.node = node.value();
        // at the close, a step under way is waited for: a switch either commits or leaves the job to the next owner;
        // a bulk replay stops after its chunk
        this.looks = new PeriodicLook("ledger-rebuild", this::tick, interval, Duration.ofSeconds(60)).runningWith(context);
    }

    /**
     * A replay asked of this instance is looked at once, after the request's transaction (if any) has committed its job row:
     * the rebuild starts then rather than at the next look. An instance that does not own the live processor looks and
     * leaves it, as at every look; the owner, if it is another instance, sees the row at its next look.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void requested(Rebuilds.Requested request) {
        looks.lookNow();
    }

    /** One look at the job table and the processors; never throws (the next tick tries again). */
    void tick() {
        try {
            Optional<TrackingEventProcessor> liveProcessor = processor(ReadSideShadow.LIVE_PROCESSOR);
            Optional<TrackingEventProcessor> shadowProcessor = processor(RebuildProcessing.SHADOW_PROCESSOR);
            if (liveProcessor.isEmpty() || shadowProcessor.isEmpty()) {
                return;
            }
            TrackingEventProcessor live = liveProcessor.get();
            TrackingEventProcessor rebuild = shadowProcessor.get();
            Optional<RebuildJobs.Job> active = jobs.active();
            if (active.isEmpty() || !live.processingStatus().containsKey(0)) {
                if (rebuild.isRunning()) {
                    rebuild.shutDown(); // nothing to rebuild, or another instance owns the live processor
                }
                if (active.isEmpty()) {
                    catchUp.catchUp(live, () -> !looks.closing()); // if the live processor runs here, far behind
                }
                return;
            }
            RebuildJobs.Job job = active.get();
            if (job.resetAt() == null) {
                begin(job, live, rebuild);
            } else if (!rebuild.isRunning()) {
                log.info("Rebuild {}: continues on this instance ({})", job.id(), node);
                replay(job, live, rebuild);
            } else {
                EventTrackerStatus status = rebuild.processingStatus().get(0);
                if (status == null) {
                    return; // not claimed yet
                }
                if (status.isErrorState()) {
                    fail(job, rebuild, status.getError());
                } else if (status.isCaughtUp()) {
                    switchOver(job, live, rebuild);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Rebuild coordination failed; trying again in {}", interval, e);
        }
    }

    private Optional<TrackingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, TrackingEventProcessor.class);
    }

    private void begin(RebuildJobs.Job job, TrackingEventProcessor live, TrackingEventProcessor rebuild) {
        if (rebuild.isRunning()) {
            rebuild.shutDown();
        }
        boolean picked = Boolean.TRUE.equals(transactions.execute(status -> {
            long total = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
            if (!jobs.reset(job.id(), total, node, clock.instant())) {
                return false;
            }
            if (tokenStore.fetchSegments(RebuildProcessing.SHADOW_PROCESSOR).length == 0) {
                tokenStore.initializeTokenSegments(RebuildProcessing.SHADOW_PROCESSOR, 1, null);
            }
            // from the tail; the reset handler recreates the shadow tables, in this transaction
            rebuild.resetTokens(StreamableMessageSource::createTailToken, job.id());
            return true;
        }));
        if (picked) {
            log.info("Rebuild {} of {}: started on this instance ({}), from the first event", job.id(), job.projections(), node);
            replay(job, live, rebuild);
        }
    }

    /**
     * The bulk replay from the shadow's token while this instance owns the live processor, then the shadow
     * processor for the rest. A fold that fails fails the job, as it does in the shadow processor; a
     * shadow token claimed by another instance (which owns the live processor now) leaves the job to it.
     */
    private void replay(RebuildJobs.Job job, TrackingEventProcessor live, TrackingEventProcessor rebuild) {
        boolean nearHead;
        try {
            nearHead = bulk.run(() -> !looks.closing() && live.processingStatus().containsKey(0));
        } catch (UnableToClaimTokenException claimedElsewhere) {
            log.info("Rebuild {}: another instance holds the shadow processor's token; it carries on", job.id());
            return;
        } catch (RuntimeException e) {
            fail(job, rebuild, e);
            return;
        }
        if (nearHead) {
            ProcessorRestart.start(rebuild);
            if (caughtUpSoon(rebuild)) {
                switchOver(job, live, rebuild); // without waiting for the next look: the last events are few
            }
        } else {
            releaseShadowClaim();
        }
    }

    /**
     * Whether the shadow processor, just started after the bulk, catches up within one interval between
     * looks, checked every few milliseconds; if not (or in error), the next look decides as before.
     */
    private boolean caughtUpSoon(TrackingEventProcessor rebuild) {
        long deadline = System.nanoTime() + interval.toNanos();
        try {
            while (System.nanoTime() < deadline && rebuild.isRunning() && !looks.closing()) {
                EventTrackerStatus status = rebuild.processingStatus().get(0);
                if (status != null && (status.isErrorState() || status.isCaughtUp())) {
                    return !status.isErrorState();
                }
                Thread.sleep(CAUGHT_UP_CHECK.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private static final Duration CAUGHT_UP_CHECK = Duration.ofMillis(20);

    private void releaseShadowClaim() {
        try {
            transactions.executeWithoutResult(status -> tokenStore.releaseClaim(RebuildProcessing.SHADOW_PROCESSOR, 0));
        } catch (RuntimeException e) {
            log.debug("Releasing the shadow processor's token failed; its claim times out", e);
        }
    }

    private void fail(RebuildJobs.Job job, TrackingEventProcessor rebuild, Throwable error) {
        rebuild.shutDown();
        transactions.executeWithoutResult(status -> {
            if (jobs.failed(job.id(), String.valueOf(error), clock.instant())) {
                shadowTables.drop();
            }
        });
        log.error("Rebuild {} failed; the live read models are untouched", job.id(), error);
    }

    private void switchOver(RebuildJobs.Job job, TrackingEventProcessor live, TrackingEventProcessor rebuild) {
        jobs.switching(job.id());
        rebuild.shutDown();
        long indexing = System.nanoTime();
        shadowTables.index(); // the live processor still runs: building indexes on a million rows takes seconds
        log.info("Rebuild {}: the shadow tables indexed in {} ms; switching", job.id(), (System.nanoTime() - indexing) / 1_000_000);
        ProcessorRestart.stop(live);
        try {
            transactions.executeWithoutResult(status -> {
                tokenStore.fetchToken(ReadSideShadow.LIVE_PROCESSOR, 0); // claims it again, or fails if another instance did
                TrackingToken rebuilt = withoutReplay(tokenStore.fetchToken(RebuildProcessing.SHADOW_PROCESSOR, 0));
                shadowTables.putInPlace();
                tokenStore.storeToken(rebuilt, ReadSideShadow.LIVE_PROCESSOR, 0);
                tokenStore.releaseClaim(RebuildProcessing.SHADOW_PROCESSOR, 0);
                if (!jobs.completed(job.id(), node, clock.instant())) {
                    throw new IllegalStateException("Rebuild " + job.id() + " is no longer switching");
                }
            });
            RebuildJobs.Job done = jobs.find(job.id()).orElseThrow();
            log.info("Rebuild {} completed on this instance ({}): {} events; the live processor continues from the rebuilt position",
                    job.id(), node, done.eventsDone());
        } catch (UnableToClaimTokenException claimedElsewhere) {
            log.info("Rebuild {}: another instance took the live processor during the switch; it finishes the rebuild", job.id());
        } finally {
            ProcessorRestart.start(live);
        }
    }

    /** The shadow's position as a plain token: a reset wraps it in a {@link ReplayToken} until it passes the old position. */
    static TrackingToken withoutReplay(TrackingToken token) {
        TrackingToken current = token;
        while (current instanceof ReplayToken replay) {
            current = replay.getCurrentToken();
        }
        return current;
    }
}
