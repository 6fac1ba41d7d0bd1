package org.coordination.ledger.transparency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.coordination.ledger.contract.merkle.Checkpoint;
import org.coordination.ledger.contract.merkle.MerkleProofs;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.eventstore.PeriodicLook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs a checkpoint of the Merkle log when one is due: {@code checkpoint-events} events are not covered by the last
 * one, or {@code checkpoint-interval} has passed since it and the log has grown. Every instance looks every
 * {@code checkpoint-poll}; a transaction-scoped advisory lock lets one of them sign at a time, so checkpoints never
 * race. Before signing, the new tree is checked to extend the last signed one (a consistency proof from the stored
 * subtrees): a log whose stored hashes were altered is never signed again, and the error says so.
 */
@Component
public class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    /** The advisory lock's key: "checkpoint" in ASCII, any constant the other locks do not use. */
    private static final long LOCK = 0x636865636b706fL;

    private final MerkleLogStore merkleLog;
    private final CheckpointStore checkpoints;
    private final CheckpointSigners signers;
    private final MerkleLogProperties properties;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final PeriodicLook looks;
    /**
     * The note this instance signed last, with the keys it signed it with and what it says. Found again as the last
     * stored note, character for character, it is not checked once more: its signatures are these keys' own over that
     * text, so the check could only pass. A log catching up signs one checkpoint after another, at most
     * {@code checkpoint-max-events} apart, and checking the signatures of each one's predecessor again was a third of
     * the signing thread's time (docs/benchmarks.md, change 84). Any other note, or other keys, is checked as before;
     * a note whose transaction rolled back is never found again, so it is never taken for one that was stored.
     */
    private volatile OwnNote ownNote;

    private record OwnNote(String note, List<NoteKeys.Signer> keys, Checkpoint checkpoint) {
    }

    Checkpointer(MerkleLogStore log, CheckpointStore checkpoints, CheckpointSigners signers, MerkleLogProperties properties,
                 JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, ApplicationContext context) {
        this.merkleLog = log;
        this.checkpoints = checkpoints;
        this.signers = signers;
        this.properties = properties;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.looks = new PeriodicLook("ledger-checkpointer", this::tick, properties.checkpointPoll(), Duration.ofSeconds(30)).runningWith(context);
    }

    /** One look, signing as many checkpoints as are due (a log catching up may need several); never throws. */
    void tick() {
        try {
            for (int i = 0; i < 100 && !looks.closing() && checkpointIfDue().isPresent(); i++) {
                // each checkpoint covers at most checkpoint-max-events more events than the one before
            }
        } catch (RuntimeException e) {
            log.warn("Signing a checkpoint failed; trying again in {}", properties.checkpointPoll(), e);
        }
    }

    /** Signs a checkpoint if one is due and no other instance is signing; the checkpoint signed, if any. */
    public Optional<CheckpointStore.StoredCheckpoint> checkpointIfDue() {
        return transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
                return Optional.<CheckpointStore.StoredCheckpoint>empty();
            }
            List<NoteKeys.Signer> keys = signers.signers();
            Optional<Checkpoint> last = lastSigned(keys);
            long lastSize = last.map(Checkpoint::treeSize).orElse(0L);
            long size = Math.min(merkleLog.size(), lastSize + properties.checkpointMaxEvents());
            // to the microsecond, as issued_at keeps it: the signed time and the one served beside it are the same
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            boolean due = size > lastSize && (last.isEmpty() || size - lastSize >= properties.checkpointEvents()
                    || !now.isBefore(last.get().issuedAt().plus(properties.checkpointInterval())));
            if (!due) {
                return Optional.<CheckpointStore.StoredCheckpoint>empty();
            }
            byte[] root = merkleLog.compute(tree -> tree.root(size));
            last.ifPresent(previous -> requireExtends(previous, size, root));
            Checkpoint checkpoint = new Checkpoint(properties.origin(), size, root, now);
            CheckpointStore.StoredCheckpoint signed = new CheckpointStore.StoredCheckpoint(size, root, now, checkpoint.sign(keys));
            checkpoints.save(signed, keys.stream().map(NoteKeys.Signer::verifier).toList());
            ownNote = new OwnNote(signed.note(), keys, checkpoint);
            return Optional.of(signed);
        });
    }

    /**
     * The last checkpoint as its signed note says, opened with this instance's own keys: the table's size and root
     * columns, and which rows are there, are the database's word, which whoever runs it can change along with the tree
     * (a root put beside a rewritten tree would then pass the check below). A note these keys did not sign, or no note
     * where keys have signed before, stops the signing: the history it would extend is not the one signed.
     */
    private Optional<Checkpoint> lastSigned(List<NoteKeys.Signer> keys) {
        Optional<CheckpointStore.StoredCheckpoint> stored = checkpoints.latest();
        if (stored.isEmpty()) {
            if (!checkpoints.signingKeys().isEmpty()) {
                log.error("Not signing a checkpoint: keys have signed checkpoints here (merkle_signing_key), but none is stored");
                throw new IllegalStateException("the signed checkpoints are gone from merkle_checkpoint");
            }
            return Optional.empty();
        }
        OwnNote own = ownNote;
        if (own != null && own.note().equals(stored.get().note()) && own.keys().equals(keys)) {
            return Optional.of(own.checkpoint());
        }
        try {
            return Optional.of(Checkpoint.open(stored.get().note(), keys.stream().map(NoteKeys.Signer::verifier).toList()));
        } catch (InvalidProof e) {
            log.error("Not signing a checkpoint: the last stored one ({} events) is not signed by this instance's keys: {}",
                    stored.get().treeSize(), e.getMessage());
            throw new IllegalStateException("the last stored checkpoint does not open with this instance's keys: " + e.getMessage(), e);
        }
    }

    private void requireExtends(Checkpoint previous, long size, byte[] root) {
        List<byte[]> proof = merkleLog.compute(tree -> tree.consistencyProof(previous.treeSize(), size));
        try {
            MerkleProofs.verifyConsistency(previous.treeSize(), size, previous.rootHash(), root, proof);
        } catch (InvalidProof e) {
            log.error("Not signing a checkpoint of {} events: the stored tree does not extend the last signed one ({} events): {}",
                    size, previous.treeSize(), e.getMessage());
            throw new IllegalStateException("the Merkle log no longer extends its last checkpoint: " + e.getMessage(), e);
        }
    }
}
