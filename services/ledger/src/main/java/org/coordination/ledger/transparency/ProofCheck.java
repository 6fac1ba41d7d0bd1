package org.coordination.ledger.transparency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.coordination.ledger.contract.merkle.Checkpoint;
import org.coordination.ledger.contract.merkle.MerkleHash;
import org.coordination.ledger.contract.merkle.MerkleProofs;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;
import org.coordination.ledger.contract.merkle.NoteKeys;

/**
 * Checks a proof as the API serves it (saved to a file), trusting only the verifier keys given: the signed checkpoint
 * notes in it are opened with those keys, and the tree size and root come from the signed text, never from the
 * answer's other fields. An inclusion proof's leaf is hashed again from the event's chain hash.
 */
public final class ProofCheck {

    private static final HexFormat HEX = HexFormat.of();

    private ProofCheck() {
    }

    /** What a valid proof proves, in one sentence; an invalid one throws why. */
    public static String check(Path file, List<NoteKeys.Verifier> trusted) throws IOException, InvalidProof {
        JsonNode proof = new ObjectMapper().readTree(Files.readString(file));
        if (proof.has("path") && proof.has("checkpoint")) {
            return inclusion(proof, trusted);
        }
        if (proof.has("proof") && proof.has("fromCheckpoint") && proof.has("toCheckpoint")) {
            return consistency(proof, trusted);
        }
        throw new InvalidProof(file + " is neither an inclusion proof (path, checkpoint) nor a consistency proof (proof, fromCheckpoint, toCheckpoint)");
    }

    static String inclusion(JsonNode proof, List<NoteKeys.Verifier> trusted) throws InvalidProof {
        Checkpoint checkpoint = Checkpoint.open(text(proof.path("checkpoint"), "note"), trusted);
        byte[] leaf = MerkleHash.leaf(hash(proof, "eventHash"));
        if (proof.hasNonNull("leafHash") && !MessageDigest.isEqual(leaf, hash(proof, "leafHash"))) {
            throw new InvalidProof("the leafHash given is not the leaf of the eventHash given");
        }
        long index = number(proof, "leafIndex");
        MerkleProofs.verifyInclusion(index, checkpoint.treeSize(), leaf, hashes(proof.path("path")), checkpoint.rootHash());
        return "event " + proof.path("eventId").asText("?") + " (hash " + HEX.formatHex(hash(proof, "eventHash")) + ") is leaf " + index
                + " of the checkpoint of " + checkpoint.treeSize() + " events of " + checkpoint.origin() + ", issued " + checkpoint.issuedAt();
    }

    static String consistency(JsonNode proof, List<NoteKeys.Verifier> trusted) throws InvalidProof {
        Checkpoint first = Checkpoint.open(text(proof.path("fromCheckpoint"), "note"), trusted);
        Checkpoint second = Checkpoint.open(text(proof.path("toCheckpoint"), "note"), trusted);
        if (!first.origin().equals(second.origin())) {
            throw new InvalidProof("the two checkpoints are of two logs, " + first.origin() + " and " + second.origin());
        }
        MerkleProofs.verifyConsistency(first.treeSize(), second.treeSize(), first.rootHash(), second.rootHash(), hashes(proof.path("proof")));
        return "the checkpoint of " + second.treeSize() + " events (issued " + second.issuedAt() + ") extends the one of "
                + first.treeSize() + " (issued " + first.issuedAt() + ") of " + first.origin() + " unchanged";
    }

    private static String text(JsonNode node, String field) throws InvalidProof {
        if (!node.path(field).isTextual()) {
            throw new InvalidProof("the proof has no " + field);
        }
        return node.get(field).asText();
    }

    private static long number(JsonNode node, String field) throws InvalidProof {
        if (!node.path(field).canConvertToLong()) {
            throw new InvalidProof("the proof has no " + field);
        }
        return node.get(field).asLong();
    }

    private static byte[] hash(JsonNode node, String field) throws InvalidProof {
        return parse(text(node, field), field);
    }

    private static List<byte[]> hashes(JsonNode array) throws InvalidProof {
        if (!array.isArray()) {
            throw new InvalidProof("the proof's hashes are not a list");
        }
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode hash : array) {
            hashes.add(parse(hash.asText(), "a hash of the proof"));
        }
        return hashes;
    }

    private static byte[] parse(String hex, String what) throws InvalidProof {
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new InvalidProof(what + " is not hex");
        }
    }
}
