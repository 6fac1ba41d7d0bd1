package org.coordination.ledger.transparency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.contract.merkle.Witness;

/**
 * Checks a chain of checkpoints offline, as a witness would have: the announcements of the checkpoint topic saved one
 * JSON object per line (as a console consumer prints them), decided in order by the contract's {@link Witness} with
 * only the verifier keys given. Every checkpoint must be signed by a trusted key and extend the one before, by its
 * consistency proof and by its leaves; the same size twice must have the same root.
 */
public final class CheckpointChainCheck {

    /** What the chain showed: checkpoints accepted, repeats, and each refusal in words. */
    public record Report(int accepted, int repeated, long lastTreeSize, List<String> refusals) {
        public boolean intact() {
            return refusals.isEmpty() && accepted > 0;
        }
    }

    private CheckpointChainCheck() {
    }

    public static Report check(Path file, List<NoteKeys.Verifier> trusted) throws IOException {
        ObjectMapper json = new ObjectMapper();
        HexFormat hex = HexFormat.of();
        Witness.State state = null;
        Map<Long, byte[]> roots = new HashMap<>();
        int accepted = 0;
        int repeated = 0;
        List<String> refusals = new ArrayList<>();
        int line = 0;
        for (String text : Files.readAllLines(file)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            Witness.Announcement announcement;
            try {
                JsonNode message = json.readTree(text);
                announcement = new Witness.Announcement(message.path("treeSize").asLong(), message.path("note").asText(),
                        message.path("previousTreeSize").asLong(), hashes(message.path("consistencyProof"), hex),
                        hashes(message.path("leafHashes"), hex));
            } catch (IOException | IllegalArgumentException e) {
                refusals.add("line " + line + ": not a checkpoint announcement: " + e.getMessage());
                continue;
            }
            Witness.Outcome outcome = Witness.check(state, roots.get(announcement.treeSize()), announcement, trusted);
            if (outcome instanceof Witness.Accepted acceptedOne) {
                state = acceptedOne.state();
                roots.put(state.treeSize(), state.rootHash());
                accepted++;
            } else if (outcome instanceof Witness.Repeated) {
                repeated++;
            } else if (outcome instanceof Witness.Refused refused) {
                refusals.add("line " + line + ": " + refused.refusal() + ": " + refused.reason());
            }
        }
        return new Report(accepted, repeated, state == null ? 0 : state.treeSize(), List.copyOf(refusals));
    }

    private static List<byte[]> hashes(JsonNode array, HexFormat hex) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(hash -> hashes.add(hex.parseHex(hash.asText())));
        return hashes;
    }
}
