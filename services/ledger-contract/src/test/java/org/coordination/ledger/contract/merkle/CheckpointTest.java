package org.coordination.ledger.contract.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;
import org.junit.jupiter.api.Test;

/**
 * Keys, signed notes and checkpoints: byte for byte the reference example of Go's {@code golang.org/x/mod/sumdb/note}
 * (so that a checkpoint can be checked by tools outside this project), and every way a hostile server could try to
 * pass a note: altered text, a signature by another key, a forged signature under the trusted key's name, no
 * trusted signature at all, a key whose id does not match it.
 */
class CheckpointTest {

    static final String GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void signsAndVerifiesTheReferenceNoteOfGosNotePackage() throws InvalidProof {
        NoteKeys.Signer signer = NoteKeys.signer(GO_SIGNER);
        assertThat(signer.verifier().text()).isEqualTo(GO_VERIFIER);
        assertThat(signer.verifier().keyIdHex()).isEqualTo("c74f20a3");
        assertThat(SignedNote.sign(GO_TEXT, List.of(signer))).isEqualTo(GO_NOTE);

        SignedNote note = SignedNote.parse(GO_NOTE);
        assertThat(note.text()).isEqualTo(GO_TEXT);
        assertThat(note.verifiedBy(List.of(NoteKeys.verifier(GO_VERIFIER)))).extracting(NoteKeys.Verifier::name).containsExactly("PeterNeumann");
    }

    @Test
    void aNoteAlteredOrSignedByAnotherKeyIsRefused() throws InvalidProof {
        NoteKeys.Verifier trusted = NoteKeys.verifier(GO_VERIFIER);
        String altered = GO_NOTE.replace("don't", "do");
        assertThatThrownBy(() -> SignedNote.parse(altered).verifiedBy(List.of(trusted)))
                .isInstanceOf(InvalidProof.class).hasMessageContaining("does not verify");

        NoteKeys.Signer other = NoteKeys.signer(NoteKeys.generateSigner("mallory"));
        String byOther = SignedNote.sign(GO_TEXT, List.of(other));
        assertThatThrownBy(() -> SignedNote.parse(byOther).verifiedBy(List.of(trusted)))
                .isInstanceOf(InvalidProof.class).hasMessageContaining("not signed by any trusted key");

        // another key under the trusted name: its id differs, so it counts as unknown, and nothing trusted signed
        NoteKeys.Signer impostor = NoteKeys.signer(NoteKeys.generateSigner("PeterNeumann"));
        assertThatThrownBy(() -> SignedNote.parse(SignedNote.sign(GO_TEXT, List.of(impostor))).verifiedBy(List.of(trusted)))
                .isInstanceOf(InvalidProof.class).hasMessageContaining("not signed by any trusted key");

        // a forged signature claiming the trusted key's name and id, beside a valid one by another key the verifier
        // also trusts: the false one makes the note a forgery
        String forged = SignedNote.sign(GO_TEXT, List.of(other)) + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAA=\n";
        assertThatThrownBy(() -> SignedNote.parse(forged).verifiedBy(List.of(trusted, other.verifier())))
                .isInstanceOf(InvalidProof.class).hasMessageContaining("PeterNeumann+c74f20a3 does not verify");

        assertThatThrownBy(() -> SignedNote.parse(GO_TEXT)).isInstanceOf(InvalidProof.class).hasMessageContaining("no blank line");
        // the text and its blank line with nothing after: refused as a note, not a crash of whoever reads it
        assertThatThrownBy(() -> SignedNote.parse(GO_TEXT + "\n")).isInstanceOf(InvalidProof.class).hasMessageContaining("no signature line");
        assertThatThrownBy(() -> NoteKeys.verifier("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("does not match");
    }

    @Test
    void aCheckpointRoundTripsThroughItsSignedNoteAndARotationCosignsIt() throws InvalidProof {
        NoteKeys.Signer old = NoteKeys.signer(NoteKeys.generateSigner("ledger.example/isf"));
        NoteKeys.Signer next = NoteKeys.signer(NoteKeys.generateSigner("ledger.example/isf"));
        Checkpoint checkpoint = new Checkpoint("ledger.example/isf", 1042, MerkleHash.leaf(new byte[] {1}), Instant.parse("2026-12-04T14:03:10.208Z"));

        String note = checkpoint.sign(List.of(next, old));
        assertThat(note).startsWith("ledger.example/isf\n1042\n").contains("\ntime 2026-12-04T14:03:10.208Z\n\n\u2014 ledger.example/isf ");
        Checkpoint opened = Checkpoint.open(note, List.of(old.verifier()));
        assertThat(opened.treeSize()).isEqualTo(1042);
        assertThat(opened.rootHash()).isEqualTo(checkpoint.rootHash());
        assertThat(opened.issuedAt()).isEqualTo(checkpoint.issuedAt());
        assertThat(Checkpoint.open(note, List.of(next.verifier())).treeSize()).isEqualTo(1042);
        assertThat(SignedNote.parse(note).verifiedBy(List.of(old.verifier(), next.verifier()))).hasSize(2);

        String afterRotation = checkpoint.sign(List.of(next));
        assertThatThrownBy(() -> Checkpoint.open(afterRotation, List.of(old.verifier())))
                .hasMessageContaining("not signed by any trusted key");

        String grown = note.replaceFirst("\n1042\n", "\n1043\n");
        assertThatThrownBy(() -> Checkpoint.open(grown, List.of(old.verifier()))).hasMessageContaining("does not verify");
        assertThatThrownBy(() -> Checkpoint.parse("ledger.example/isf\n-1\nAAAA\ntime x\n")).isInstanceOf(InvalidProof.class);
    }
}
