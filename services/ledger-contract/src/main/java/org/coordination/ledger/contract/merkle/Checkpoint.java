package org.coordination.ledger.contract.merkle;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;

/**
 * A tree head the ledger signed: the log's origin (its name), the number of events in the tree, the root hash, and
 * when it was issued. The text is a C2SP tlog-checkpoint, with the time as its one extension line:
 *
 * <pre>
 *   coordination-ledger/local
 *   1042
 *   W7Ev6Fy0hZ3x1r4U…base64 of the root…=
 *   time 2026-12-04T14:03:10.208Z
 * </pre>
 *
 * followed by the signatures ({@link SignedNote}).
 */
public record Checkpoint(String origin, long treeSize, byte[] rootHash, Instant issuedAt) {

    private static final String TIME = "time ";

    public Checkpoint {
        NoteKeys.requireName(origin);
        if (treeSize < 0 || rootHash.length != MerkleHash.LENGTH) {
            throw new IllegalArgumentException("a checkpoint has a size ≥ 0 and a SHA-256 root");
        }
    }

    /** The text the signatures cover. */
    public String text() {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n" + TIME + issuedAt + "\n";
    }

    /** The checkpoint signed by {@code signers}, as served and published. */
    public String sign(List<NoteKeys.Signer> signers) {
        return SignedNote.sign(text(), signers);
    }

    /**
     * The checkpoint a note holds, once at least one of {@code trusted} signed it (and no trusted key's signature on it
     * is false) and its text is a well-formed checkpoint.
     */
    public static Checkpoint open(String note, Collection<NoteKeys.Verifier> trusted) throws InvalidProof {
        SignedNote signed = SignedNote.parse(note);
        signed.verifiedBy(trusted);
        return parse(signed.text());
    }

    /** The checkpoint in a text, not checking any signature. */
    public static Checkpoint parse(String text) throws InvalidProof {
        String[] lines = text.split("\n", -1);
        if (lines.length != 5 || !lines[4].isEmpty() || !lines[3].startsWith(TIME)) {
            throw new InvalidProof("a checkpoint reads: origin, tree size, root hash, time, each on its own line");
        }
        try {
            long size = Long.parseLong(lines[1]);
            byte[] root = Base64.getDecoder().decode(lines[2]);
            if (size < 0 || root.length != MerkleHash.LENGTH || !String.valueOf(size).equals(lines[1])) {
                throw new InvalidProof("a checkpoint's size is a decimal number ≥ 0 and its root a base64 SHA-256 hash");
            }
            return new Checkpoint(lines[0], size, root, Instant.parse(lines[3].substring(TIME.length())));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidProof("a malformed checkpoint: " + e.getMessage());
        }
    }
}
