package org.coordination.ledger.contract.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A witness against a hostile log: it accepts a log that grows honestly, announced twice or not, and refuses, each with
 * its reason, a checkpoint signed by another key, a fork (another root for a size it holds), a rewritten history with
 * its own valid-looking tree, a forged consistency proof, leaves that do not give the root, and a missed checkpoint.
 */
class WitnessTest {

    static final NoteKeys.Signer LEDGER = NoteKeys.signer(NoteKeys.generateSigner("ledger.example/isf"));
    static final NoteKeys.Signer MALLORY = NoteKeys.signer(NoteKeys.generateSigner("ledger.example/isf"));
    static final List<NoteKeys.Verifier> TRUSTED = List.of(LEDGER.verifier());

    static Witness.Announcement announce(List<byte[]> leaves, int from, int to, NoteKeys.Signer signer) {
        MerkleTree tree = MerkleTreeTest.tree(leaves);
        String note = new Checkpoint("ledger.example/isf", to, tree.root(to), Instant.parse("2026-12-04T12:00:00Z").plusSeconds(to)).sign(List.of(signer));
        return new Witness.Announcement(to, note, from, tree.consistencyProof(from, to), leaves.subList(from, to));
    }

    static Witness.State accept(Witness.State state, Witness.Announcement announcement) {
        Witness.Outcome outcome = Witness.check(state, null, announcement, TRUSTED);
        assertThat(outcome).isInstanceOf(Witness.Accepted.class);
        return ((Witness.Accepted) outcome).state();
    }

    static Witness.Refused refused(Witness.State state, byte[] knownRoot, Witness.Announcement announcement) {
        Witness.Outcome outcome = Witness.check(state, knownRoot, announcement, TRUSTED);
        assertThat(outcome).isInstanceOf(Witness.Refused.class);
        return (Witness.Refused) outcome;
    }

    @Test
    void anHonestLogIsAcceptedCheckpointByCheckpointAndARepeatChangesNothing() {
        List<byte[]> leaves = MerkleTreeTest.leafHashes(40, "");
        Witness.State state = null;
        int previous = 0;
        for (int size : new int[] {1, 2, 7, 8, 16, 17, 31, 40}) {
            state = accept(state, announce(leaves, previous, size, LEDGER));
            assertThat(state.treeSize()).isEqualTo(size);
            assertThat(state.rootHash()).isEqualTo(MerkleTreeTest.tree(leaves).root(size));
            previous = size;
        }
        Witness.State restored = new Witness.State(state.origin(), state.treeSize(), state.rootHash(),
                CompactRange.of(state.range().size(), state.range().roots()));
        assertThat(Witness.check(restored, state.rootHash(), announce(leaves, 31, 40, LEDGER), TRUSTED)).isInstanceOf(Witness.Repeated.class);
    }

    @Test
    void everyHostileCheckpointIsRefusedWithItsReason() {
        List<byte[]> leaves = MerkleTreeTest.leafHashes(30, "");
        Witness.State state = accept(accept(null, announce(leaves, 0, 10, LEDGER)), announce(leaves, 10, 20, LEDGER));

        Witness.Refused untrusted = refused(state, null, announce(leaves, 20, 30, MALLORY));
        assertThat(untrusted.refusal()).isEqualTo(Witness.Refusal.UNTRUSTED);
        assertThat(untrusted.reason()).contains("not signed by any trusted key");

        // the same size, another history: a fork
        List<byte[]> other = MerkleTreeTest.leafHashes(30, " rewritten");
        Witness.Refused fork = refused(state, state.rootHash(), announce(other, 10, 20, LEDGER));
        assertThat(fork.refusal()).isEqualTo(Witness.Refusal.FORK);
        assertThat(fork.reason()).contains("forked");

        // a rewritten history signed by the real key, with its own proof and leaves: it does not extend what was accepted
        Witness.Refused rewritten = refused(state, null, announce(other, 20, 30, LEDGER));
        assertThat(rewritten.refusal()).isEqualTo(Witness.Refusal.INCONSISTENT);
        assertThat(rewritten.reason()).contains("does not extend the one of 20");

        // the right checkpoint with a forged proof
        Witness.Announcement honest = announce(leaves, 20, 30, LEDGER);
        List<byte[]> forgedProof = MerkleTreeTest.changed(honest.consistencyProof(), 0);
        assertThat(refused(state, null, new Witness.Announcement(30, honest.note(), 20, forgedProof, honest.leafHashes())).refusal())
                .isEqualTo(Witness.Refusal.INCONSISTENT);

        // the right checkpoint and proof, the leaves of other events: a witness checking events against them would be fooled
        Witness.Refused wrongLeaves = refused(state, null, new Witness.Announcement(30, honest.note(), 20, honest.consistencyProof(),
                other.subList(20, 30)));
        assertThat(wrongLeaves.reason()).contains("do not give the signed root");
        assertThat(refused(state, null, new Witness.Announcement(30, honest.note(), 20, honest.consistencyProof(), leaves.subList(20, 29)))
                .refusal()).isEqualTo(Witness.Refusal.MALFORMED);

        // a checkpoint missed in between, and a size that does not match its note
        assertThat(refused(state, null, announce(leaves, 25, 30, LEDGER)).refusal()).isEqualTo(Witness.Refusal.GAP);
        assertThat(refused(state, null, new Witness.Announcement(29, honest.note(), 20, honest.consistencyProof(), honest.leafHashes()))
                .refusal()).isEqualTo(Witness.Refusal.MALFORMED);

        // and after all that, the honest checkpoint is still accepted
        assertThat(accept(state, honest).treeSize()).isEqualTo(30);
    }
}
