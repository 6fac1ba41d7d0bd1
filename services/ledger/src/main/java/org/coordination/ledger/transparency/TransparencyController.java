package org.coordination.ledger.transparency;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.problem.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Merkle log over HTTP (AUDITOR only): its signed checkpoints, the keys that sign them, and proofs against them:
 * that an event is in a checkpoint's tree (inclusion) and that a later checkpoint's tree extends an earlier one
 * (consistency). Every proof names the signed checkpoint it is checked against; a client checks the signature with a
 * key it got elsewhere and the proof with RFC 9162's algorithm, trusting nothing else the server says. Hashes are hex,
 * as everywhere in the audit API; the checkpoint's own text has the root in base64, as its format says.
 */
@RestController
@Tag(name = "Merkle log", description = "Signed checkpoints of the Merkle tree over every event, with inclusion and consistency proofs")
class TransparencyController {

    static final int MAX_LIMIT = 1000;
    private static final HexFormat HEX = HexFormat.of();

    /** A signed checkpoint: its size, root (hex), time, and the signed note (C2SP tlog-checkpoint) the values come from. */
    record CheckpointView(long treeSize, String rootHash, Instant issuedAt, String note) {
        static CheckpointView of(CheckpointStore.StoredCheckpoint stored) {
            return new CheckpointView(stored.treeSize(), HEX.formatHex(stored.rootHash()), stored.issuedAt(), stored.note());
        }
    }

    /** The log: its name, how many events it holds, the latest checkpoint and the keys that sign now. */
    record LogView(String origin, long size, CheckpointView latestCheckpoint, List<String> signingKeys) {
    }

    record CheckpointPage(List<CheckpointView> checkpoints, Long next) {
    }

    record KeyView(String verifierKey, String name, String keyId, boolean current, Long firstTreeSize, Instant firstUsedAt) {
    }

    record Keys(List<KeyView> keys) {
    }

    /** That the event (its chain hash {@code eventHash}, leaf {@code leafHash}) is leaf {@code leafIndex} of the checkpoint's tree. */
    record InclusionProof(String eventId, long globalIndex, long leafIndex, long treeSize, String eventHash, String leafHash,
                          String rootHash, List<String> path, CheckpointView checkpoint) {
    }

    /** That the tree of {@code toSize} events extends the one of {@code fromSize}, both signed. */
    record ConsistencyProof(long fromSize, long toSize, String fromRoot, String toRoot, List<String> proof,
                            CheckpointView fromCheckpoint, CheckpointView toCheckpoint) {
    }

    private final MerkleLogStore merkleLog;
    private final CheckpointStore checkpoints;
    private final CheckpointSigners signers;
    private final MerkleLogProperties properties;

    TransparencyController(MerkleLogStore merkleLog, CheckpointStore checkpoints, CheckpointSigners signers, MerkleLogProperties properties) {
        this.merkleLog = merkleLog;
        this.checkpoints = checkpoints;
        this.signers = signers;
        this.properties = properties;
    }

    @GetMapping("/api/v1/audit/log")
    @Operation(summary = "The Merkle log: its origin, size, latest signed checkpoint and current signing keys")
    LogView log() {
        return new LogView(properties.origin(), merkleLog.size(), checkpoints.latest().map(CheckpointView::of).orElse(null),
                signers.verifiers().stream().map(v -> v.text()).toList());
    }

    @GetMapping(path = "/api/v1/audit/log/checkpoint", produces = MediaType.TEXT_PLAIN_VALUE)
    @Operation(summary = "The latest signed checkpoint, as a C2SP signed note (text/plain)")
    String latestNote() {
        return checkpoints.latest().map(CheckpointStore.StoredCheckpoint::note)
                .orElseThrow(() -> ApiProblem.notFound("no checkpoint has been signed yet: the log is empty or its first is due"));
    }

    @GetMapping("/api/v1/audit/log/checkpoints")
    @Operation(summary = "Signed checkpoints, smallest tree first, paged by tree size")
    CheckpointPage checkpoints(@RequestParam(defaultValue = "0") @Parameter(description = "checkpoints of trees larger than this") long after,
                               @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        List<CheckpointView> page = checkpoints.after(after, limit).stream().map(CheckpointView::of).toList();
        return new CheckpointPage(page, page.size() < limit ? null : page.get(page.size() - 1).treeSize());
    }

    @GetMapping("/api/v1/audit/log/checkpoints/{treeSize}")
    @Operation(summary = "The signed checkpoint of one tree size")
    CheckpointView checkpoint(@PathVariable long treeSize) {
        return CheckpointView.of(signed(treeSize, "treeSize"));
    }

    @GetMapping("/api/v1/audit/log/keys")
    @Operation(summary = "The verifier keys (public) of every key that signed checkpoints here, and which sign now")
    Keys keys() {
        List<String> current = signers.verifiers().stream().map(v -> v.text()).toList();
        List<KeyView> keys = new java.util.ArrayList<>();
        for (CheckpointStore.SigningKey key : checkpoints.signingKeys()) {
            keys.add(view(key.verifierKey(), current.contains(key.verifierKey()), key.firstTreeSize(), key.firstUsedAt()));
        }
        for (String key : current) {
            if (keys.stream().noneMatch(k -> k.verifierKey().equals(key))) {
                keys.add(view(key, true, null, null)); // has not signed yet
            }
        }
        return new Keys(keys);
    }

    private static KeyView view(String verifierKey, boolean current, Long firstTreeSize, Instant firstUsedAt) {
        String[] parts = verifierKey.split("\\+", 3);
        return new KeyView(verifierKey, parts[0], parts[1], current, firstTreeSize, firstUsedAt);
    }

    @GetMapping("/api/v1/audit/log/proofs/inclusion")
    @Operation(summary = "That an event is in a signed checkpoint's tree: the path from its leaf to the root")
    InclusionProof inclusion(@RequestParam String eventId,
                             @RequestParam(required = false) @Parameter(description = "a checkpoint's tree size; default: the latest checkpoint")
                             Long treeSize, HttpServletResponse response) {
        long started = System.nanoTime();
        MerkleLogStore.Leaf leaf = merkleLog.leafOf(eventId).orElseThrow(() -> merkleLog.eventExists(eventId)
                ? notCheckpointedYet("event " + eventId + " is not in the Merkle log yet; it joins it within moments")
                : ApiProblem.notFound("no event " + eventId));
        CheckpointStore.StoredCheckpoint checkpoint = treeSize == null
                ? checkpoints.latest().orElseThrow(() -> notCheckpointedYet("no checkpoint has been signed yet"))
                : signed(treeSize, "treeSize");
        if (treeSize != null && leaf.leafIndex() >= checkpoint.treeSize()) {
            // a signed checkpoint of that size never will hold it: asking again would not help
            throw ApiProblem.invalidField("treeSize", "must be greater than the event's leaf index, " + leaf.leafIndex()
                    + ": the checkpoint of " + checkpoint.treeSize() + " events holds the leaves before it");
        }
        if (leaf.leafIndex() >= checkpoint.treeSize()) {
            throw notCheckpointedYet("event " + eventId + " is leaf " + leaf.leafIndex() + ", not in the checkpoint of "
                    + checkpoint.treeSize() + " events; a later checkpoint covers it");
        }
        List<byte[]> path = merkleLog.compute(tree -> tree.inclusionProof(leaf.leafIndex(), checkpoint.treeSize()));
        serverTiming(response, started);
        return new InclusionProof(leaf.eventId(), leaf.globalIndex(), leaf.leafIndex(), checkpoint.treeSize(), HEX.formatHex(leaf.eventHash()),
                HEX.formatHex(leaf.leafHash()), HEX.formatHex(checkpoint.rootHash()), hex(path), CheckpointView.of(checkpoint));
    }

    @GetMapping("/api/v1/audit/log/proofs/consistency")
    @Operation(summary = "That a later signed checkpoint's tree extends an earlier one unchanged")
    ConsistencyProof consistency(@RequestParam @Parameter(description = "the earlier checkpoint's tree size") long from,
                                 @RequestParam(required = false) @Parameter(description = "the later checkpoint's tree size; default: the latest")
                                 Long to, HttpServletResponse response) {
        long started = System.nanoTime();
        CheckpointStore.StoredCheckpoint second = to == null
                ? checkpoints.latest().orElseThrow(() -> notCheckpointedYet("no checkpoint has been signed yet"))
                : signed(to, "to");
        if (from > second.treeSize()) {
            throw ApiProblem.invalidField("from", "must not exceed to (" + second.treeSize() + ")");
        }
        CheckpointStore.StoredCheckpoint first = signed(from, "from");
        List<byte[]> proof = merkleLog.compute(tree -> tree.consistencyProof(first.treeSize(), second.treeSize()));
        serverTiming(response, started);
        return new ConsistencyProof(first.treeSize(), second.treeSize(), HEX.formatHex(first.rootHash()), HEX.formatHex(second.rootHash()),
                hex(proof), CheckpointView.of(first), CheckpointView.of(second));
    }

    private CheckpointStore.StoredCheckpoint signed(long treeSize, String field) {
        if (treeSize < 1) {
            throw ApiProblem.invalidField(field, "is a checkpoint's tree size, at least 1");
        }
        return checkpoints.ofSize(treeSize).orElseThrow(() -> ApiProblem.notFound("no checkpoint of " + treeSize
                + " events (" + field + "); GET /api/v1/audit/log/checkpoints lists them"));
    }

    /** How long the proof took to make, lookups included (W3C Server-Timing): what a client's latency leaves to the server. */
    private static void serverTiming(HttpServletResponse response, long started) {
        response.setHeader("Server-Timing", String.format(java.util.Locale.ROOT, "proof;dur=%.3f", (System.nanoTime() - started) / 1e6));
    }

    private static ApiProblem notCheckpointedYet(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, "not-checkpointed-yet", "Not in a signed checkpoint yet", detail, Map.of());
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }
}
