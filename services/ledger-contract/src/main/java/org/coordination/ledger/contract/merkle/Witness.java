package org.coordination.ledger.contract.merkle;

import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;

/**
 * What a witness decides about a checkpoint announced to it, trusting only its verifier keys and what it accepted
 * before: the note must be signed by a trusted key; a checkpoint of a size it already holds must have the same root
 * (else the log forked); a larger one must extend the last it accepted, shown twice over: by the announced
 * consistency proof, checked by RFC 9162's algorithm, and by the announced leaves, which, appended to the tree's right
 * edge it kept, must give the signed root. Pure: the caller keeps the state.
 */
public final class Witness {

    /** Why a checkpoint is refused. */
    public enum Refusal {
        /** Not signed by a trusted key, or the signature does not verify. */
        UNTRUSTED,
        /** Another root for a size already accepted: two histories were shown. */
        FORK,
        /** It does not extend the last checkpoint accepted: the history before it was rewritten. */
        INCONSISTENT,
        /** It extends a checkpoint this witness never saw: one was missed. */
        GAP,
        /** The announcement does not match its own signed note, or is malformed. */
        MALFORMED
    }

    /** What a witness holds of a log: the last checkpoint it accepted and the right edge of that tree. */
    public record State(String origin, long treeSize, byte[] rootHash, CompactRange range) {
    }

    /** A checkpoint as announced: the signed note, and the proof and leaves from the checkpoint before it. */
    public record Announcement(long treeSize, String note, long previousTreeSize, List<byte[]> consistencyProof, List<byte[]> leafHashes) {
    }

    /** The decision. */
    public sealed interface Outcome {
    }

    /** Accepted: the new state, and the checkpoint. */
    public record Accepted(Checkpoint checkpoint, State state) implements Outcome {
    }

    /** A checkpoint already accepted, announced again (the topic delivers at least once). */
    public record Repeated(Checkpoint checkpoint) implements Outcome {
    }

    /** Refused, and why, in words. */
    public record Refused(Refusal refusal, long treeSize, String reason) implements Outcome {
    }

    private Witness() {
    }

    /**
     * Decides on an announcement. {@code state} is what was accepted last (null: nothing yet); {@code knownRoot} the root
     * of a checkpoint of the announced size accepted before, if any (null otherwise).
     */
    public static Outcome check(State state, byte[] knownRoot, Announcement announcement, Collection<NoteKeys.Verifier> trusted) {
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.open(announcement.note(), trusted);
        } catch (InvalidProof e) {
            return new Refused(Refusal.UNTRUSTED, announcement.treeSize(), "checkpoint of " + announcement.treeSize() + " events: " + e.getMessage());
        }
        long size = checkpoint.treeSize();
        if (size != announcement.treeSize()) {
            return new Refused(Refusal.MALFORMED, size, "announced as " + announcement.treeSize() + " events, signed for " + size);
        }
        if (state != null && !state.origin().equals(checkpoint.origin())) {
            return new Refused(Refusal.MALFORMED, size, "a checkpoint of log " + checkpoint.origin() + ", not of " + state.origin());
        }
        if (knownRoot != null) {
            return MessageDigest.isEqual(knownRoot, checkpoint.rootHash()) ? new Repeated(checkpoint)
                    : new Refused(Refusal.FORK, size, "two signed checkpoints of " + size + " events with different roots: the log forked");
        }
        long previous = state == null ? 0 : state.treeSize();
        if (size <= previous) {
            return new Refused(Refusal.GAP, size, "a checkpoint of " + size + " events arrived after the one of " + previous
                    + " and was never seen before");
        }
        if (announcement.previousTreeSize() != previous) {
            return new Refused(Refusal.GAP, size, "it extends the checkpoint of " + announcement.previousTreeSize()
                    + " events; the last this witness accepted has " + previous);
        }
        byte[] previousRoot = state == null ? MerkleHash.empty() : state.rootHash();
        try {
            MerkleProofs.verifyConsistency(previous, size, previousRoot, checkpoint.rootHash(), announcement.consistencyProof());
        } catch (InvalidProof e) {
            return new Refused(Refusal.INCONSISTENT, size, "the checkpoint of " + size + " events does not extend the one of "
                    + previous + ": " + e.getMessage());
        }
        if (announcement.leafHashes().size() != size - previous) {
            return new Refused(Refusal.MALFORMED, size, announcement.leafHashes().size() + " leaves announced for " + (size - previous)
                    + " new events");
        }
        CompactRange range = state == null ? new CompactRange() : state.range().copy();
        for (byte[] leaf : announcement.leafHashes()) {
            if (leaf.length != MerkleHash.LENGTH) {
                return new Refused(Refusal.MALFORMED, size, "an announced leaf is not a SHA-256 hash");
            }
            range.append(leaf);
        }
        if (!MessageDigest.isEqual(range.root(), checkpoint.rootHash())) {
            return new Refused(Refusal.INCONSISTENT, size, "the announced leaves do not give the signed root of " + size + " events");
        }
        return new Accepted(checkpoint, new State(checkpoint.origin(), size, checkpoint.rootHash(), range));
    }
}
