package org.coordination.ledger.readmodel.rebuild;

import java.util.function.BooleanSupplier;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.coordination.ledger.eventstore.DeadLetterTable;
import org.coordination.ledger.eventstore.ProcessorRestart;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.coordination.ledger.eventstore.StoreHead;

/**
 * The live "read-models" processor far behind the store's head (after a stop, a restore, a large
 * import) catches up in bulk: through Axon it folds an event at a time with a unit of work, its
 * interceptors and the serializer's lookups each (docs/benchmarks.md), the bulk replay several times
 * faster. When the processor runs on this instance and is more than {@code lag} events behind, it is
 * stopped, {@link BulkReplay#catchUpLive} folds the store's events into the live tables chunk by chunk
 * with the processor's token, and the processor is started again near the head, where it takes the
 * rest. Reads meanwhile answer from the live tables, which move a chunk at a time.
 *
 * <p>Not while the processor has dead letters: Axon parks every later event of a dead-lettered
 * sequence behind it, which the bulk would fold. A chunk whose fold fails rolls back; the processor
 * then folds from the last chunk committed and dead-letters that event, and no bulk is tried again
 * until it has passed the head as it was (the only thing kept here, and only a hint: the tokens are
 * the state).
 */
@Component
class LiveCatchUp {

    private static final Logger log = LoggerFactory.getLogger(LiveCatchUp.class);

    private final BulkReplay bulk;
    private final TokenStore tokenStore;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final DeadLetterTable deadLetterTable;
    private final long lag;
    private volatile long notBefore = -1;

    LiveCatchUp(BulkReplay bulk, TokenStore tokenStore, TransactionTemplate transactions,
                JdbcTemplate jdbc, DeadLetterTable deadLetterTable, @Value("${ledger.read-models.bulk-catch-up-lag:10000}") long lag) {
        this.bulk = bulk;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.deadLetterTable = deadLetterTable;
        this.lag = lag;
    }

    /**
     * Catches the live processor up in bulk if it runs here, in no error, and is more than {@code lag} events
     * behind; stops after a chunk once {@code goOn} says so.
     *
     * @return whether it did (the processor was stopped and started again)
     */
    boolean catchUp(TrackingEventProcessor live, BooleanSupplier goOn) {
        if (lag <= 0 || !live.isRunning()) {
            return false;
        }
        EventTrackerStatus status = live.processingStatus().get(0);
        if (status == null || status.isErrorState() || (status.getTrackingToken() != null && status.getCurrentPosition().isEmpty())) {
            return false; // not running here, failing, or at a position of a kind the bulk does not know
        }
        long position = status.getCurrentPosition().orElse(-1); // no token yet: from the first event
        long head = StoreHead.of(jdbc);
        if (head == StoreHead.EMPTY || head - position <= lag || position < notBefore || hasDeadLetters()) {
            return false;
        }
        log.info("The read models are {} events behind the store's head ({} of {}): catching up in bulk", head - position, position, head);
        long began = System.nanoTime();
        ProcessorRestart.stop(live); // if it was waiting for events, woken from that wait
        try {
            if (hasDeadLetters()) {
                // the batch the stop waited for parked an event: the later events of its stream wait behind it, which
                // the bulk, folding every event in order, would not do
                log.info("The read-models processor parked an event as it stopped; it goes on by itself");
                return true;
            }
            if (bulk.catchUpLive(goOn)) {
                log.info("Caught up in bulk in {} ms; the read-models processor goes on", (System.nanoTime() - began) / 1_000_000);
            } else {
                log.info("Catching up in bulk stopped after {} ms (the application closes)", (System.nanoTime() - began) / 1_000_000);
            }
        } catch (UnableToClaimTokenException claimedElsewhere) {
            log.info("Another instance took the read-models processor; it catches up there");
        } catch (RuntimeException failed) {
            notBefore = head;
            log.warn("Catching up in bulk stopped; the read-models processor goes on from the last chunk committed", failed);
        } finally {
            release();
            ProcessorRestart.start(live);
        }
        return true;
    }

    private boolean hasDeadLetters() {
        // the table of Axon's dead-letter queue, as the audit API reads it: one plain query (the JPA queue's own
        // size() went through a JPA query, seconds on its first call while the processors start)
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM " + deadLetterTable.name() + " WHERE processing_group = ?)",
                Boolean.class, ReadSideShadow.LIVE_PROCESSOR));
    }

    private void release() {
        try {
            transactions.executeWithoutResult(status -> tokenStore.releaseClaim(ReadSideShadow.LIVE_PROCESSOR, 0));
        } catch (RuntimeException e) {
            log.debug("Releasing the read-models processor's token failed; its claim times out", e);
        }
    }
}
