package org.coordination.ledger.transparency;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.coordination.ledger.eventstore.ProcessorRestart;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.coordination.ledger.eventstore.EngineTokens;
import org.coordination.ledger.eventstore.RecentlyStored;
import org.coordination.ledger.eventstore.PeriodicLook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.coordination.ledger.eventstore.StoreHead;

/**
 * The merkle-log processor far behind the store's head (after a stop, a restore, an import, a first start on a ledger
 * older than the log) appends in bulk. Through Axon every event is fetched whole, made a message and handed to the
 * appender, which needs only its place and its chain hash: after a start with a million events behind, the log was the
 * slowest of the six processors (docs/benchmarks.md). Here, once a second, if the processor runs on this instance and
 * is more than {@code lag} events behind, it is stopped, and chunk after chunk, each in one transaction under the
 * processor's claim, the next events' global indexes and chain hashes are read, appended as leaves with the subtrees
 * they close, and the token moved past them as the engine would move it ({@link EngineTokens}); then the processor is
 * started again near the head, where it takes the rest.
 *
 * <p>The leaves come in the order the processor would have appended them: events committed late into the token's
 * gaps first, then the ones after its index. The token is fetched again in each chunk's transaction, so nothing is
 * kept between chunks: a chunk that fails rolls back its leaves and its token together, and the processor goes on
 * from the last one committed.
 */
@Component
class MerkleLogCatchUp {

    private static final Logger log = LoggerFactory.getLogger(MerkleLogCatchUp.class);

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final MerkleLogStore merkleLog;
    private final Clock clock;
    private final long lag;
    private final int chunk;
    private final PeriodicLook looks;

    MerkleLogCatchUp(EventProcessingConfiguration processing, TokenStore tokenStore, TransactionTemplate transactions, JdbcTemplate jdbc,
                     MerkleLogStore merkleLog, Clock clock, @Value("${ledger.merkle.bulk-catch-up-lag:10000}") long lag,
                     @Value("${ledger.merkle.bulk-catch-up-chunk:10000}") int chunk, ApplicationContext context) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.merkleLog = merkleLog;
        this.clock = clock;
        this.lag = lag;
        this.chunk = chunk;
        this.looks = new PeriodicLook("ledger-merkle-catch-up", this::tick, Duration.ofSeconds(1), Duration.ofSeconds(30));
        if (lag > 0) { // without a lag, no looks: the processor takes every event itself
            looks.runningWith(context);
        }
    }

    /** One look; never throws (the next look tries again). */
    void tick() {
        try {
            TrackingEventProcessor processor = processing.eventProcessor(MerkleLogAppender.PROCESSING_GROUP, TrackingEventProcessor.class)
                    .orElse(null);
            if (processor == null || !processor.isRunning()) {
                return;
            }
            EventTrackerStatus status = processor.processingStatus().get(0);
            if (status == null || status.isErrorState() || !(status.getTrackingToken() instanceof GapAwareTrackingToken token)) {
                return; // not running here, failing, or at a position of a kind the bulk does not know
            }
            long head = StoreHead.of(jdbc);
            if (head != StoreHead.EMPTY && head - token.getIndex() > lag) {
                catchUp(processor, head - token.getIndex());
            }
        } catch (RuntimeException e) {
            log.warn("Appending to the Merkle log in bulk failed; the merkle-log processor goes on from the last chunk committed", e);
        }
    }

    private void catchUp(TrackingEventProcessor processor, long behind) {
        log.info("The Merkle log is {} events behind the store's head: appending in bulk", behind);
        long began = System.nanoTime();
        ProcessorRestart.stop(processor);
        try {
            long appended = appendInBulk(() -> !looks.closing());
            log.info("Appended {} events to the Merkle log in bulk in {} ms; the merkle-log processor goes on", appended,
                    (System.nanoTime() - began) / 1_000_000);
        } catch (UnableToClaimTokenException claimedElsewhere) {
            log.info("Another instance took the merkle-log processor; it appends there");
        } finally {
            release();
            ProcessorRestart.start(processor);
        }
    }

    /**
     * Appends chunk after chunk, each under the processor's claim with its token, while {@code goOn} says so and until
     * a chunk comes back short (the head is near). The processor must not be running on this instance meanwhile.
     *
     * @return how many events were appended
     * @throws UnableToClaimTokenException if another instance holds the processor's token
     */
    long appendInBulk(BooleanSupplier goOn) {
        long appended = 0;
        while (goOn.getAsBoolean()) {
            Chunk done = transactions.execute(status -> appendChunk());
            appended += done.appended();
            if (done.nearHead()) {
                return appended;
            }
        }
        return appended;
    }

    /** What one chunk did: how many events it appended, and whether fewer than a chunk were left past the token. */
    private record Chunk(int appended, boolean nearHead) {
    }

    private Chunk appendChunk() {
        TrackingToken stored = tokenStore.fetchToken(MerkleLogAppender.PROCESSING_GROUP, 0); // claims it, or throws
        if (!(stored instanceof GapAwareTrackingToken token)) {
            return new Chunk(0, true); // no token yet, or one of another kind: the processor knows what to do with it
        }
        RecentlyStored recent = RecentlyStored.at(clock.instant());
        // the database says whether an event is recent enough for the gaps before it to be kept; its time is not sent
        String columns = "SELECT global_index, hash, " + RecentlyStored.CONDITION + " FROM domain_event_entry ";
        RowMapper<StoredRow> row = (result, n) -> new StoredRow(result.getLong(1), result.getBytes(2), result.getBoolean(3));
        List<StoredRow> rows = new ArrayList<>();
        if (!token.getGaps().isEmpty()) {
            rows.addAll(jdbc.query(columns + "WHERE global_index = ANY (?) ORDER BY global_index", row, recent.text(), recent.time(),
                    token.getGaps().toArray(Long[]::new)));
        }
        List<StoredRow> pastIndex = jdbc.query(columns + "WHERE global_index > ? ORDER BY global_index LIMIT ?", row, recent.text(),
                recent.time(), token.getIndex(), chunk);
        rows.addAll(pastIndex);
        GapAwareTrackingToken position = token;
        List<MerkleLogStore.StoredEvent> events = new ArrayList<>(rows.size());
        for (StoredRow read : rows) {
            events.add(new MerkleLogStore.StoredEvent(read.globalIndex(), read.chainHash()));
            position = EngineTokens.advance(position, read.globalIndex(), read.recent());
        }
        merkleLog.appendStored(events);
        if (!events.isEmpty()) {
            tokenStore.storeToken(position, MerkleLogAppender.PROCESSING_GROUP, 0);
        }
        return new Chunk(events.size(), pastIndex.size() < chunk);
    }

    /** An event's row as the bulk reads it: its place, its chain hash, and whether the gaps before it are kept. */
    private record StoredRow(long globalIndex, byte[] chainHash, boolean recent) {
    }

    private void release() {
        try {
            transactions.executeWithoutResult(status -> tokenStore.releaseClaim(MerkleLogAppender.PROCESSING_GROUP, 0));
        } catch (RuntimeException e) {
            log.debug("Releasing the merkle-log processor's token failed; its claim times out", e);
        }
    }
}
