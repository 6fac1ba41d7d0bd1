package org.coordination.ledger.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.coordination.ledger.contract.merkle.Checkpoint;
import org.coordination.ledger.contract.merkle.MerkleHash;
import org.coordination.ledger.contract.merkle.MerkleProofs;
import org.coordination.ledger.contract.merkle.MerkleProofs.InvalidProof;
import org.coordination.ledger.contract.merkle.MerkleTree;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.contract.merkle.SignedNote;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Merkle log on the real service: every event becomes a leaf once, checkpoints are signed as they fall due, and
 * a client that trusts only the verifier key checks, with RFC 9162's algorithms and nothing the server computed for
 * it, that every event is in the latest checkpoint's tree, that the tree it recomputes from the events' own hashes
 * has the signed root, and that each checkpoint extends the one before. Then the stored tree is altered behind the
 * service's back, and it refuses to sign a checkpoint that does not extend the last one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ledger.merkle.checkpoint-events=7", "ledger.merkle.checkpoint-interval=300ms", "ledger.merkle.checkpoint-poll=100ms",
        "ledger.merkle.bulk-catch-up-chunk=16"})
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the tests share one ledger; the one that tampers with it runs last
class MerkleLogIT {

    static final HexFormat HEX = HexFormat.of();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Checkpointer checkpointer;
    @Autowired
    EmbeddedPostgres postgres;
    @Autowired
    MerkleLogStore merkleLog;
    @Autowired
    MerkleLogCatchUp catchUp;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void everyEventIsProvablyInTheSignedTreeAndEachCheckpointExtendsTheLast() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        for (int s = 0; s < 5; s++) {
            assertThat(ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"center-" + s
                    + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
            for (int i = 0; i < 4; i++) {
                assertThat(ledger.command("coordinator", "attach-staff", "{\"structureId\":\"center-" + s
                        + "\",\"nation\":\"CYP\",\"personnel\":1}").status()).isEqualTo(200);
            }
            if (s == 1) {
                awaitCheckpoint(ledger, 10); // a first checkpoint, so that the later ones have one to extend
            }
        }
        List<JsonNode> events = new ArrayList<>();
        ledger.get("auditor", "/api/v1/audit/events?limit=1000").json().get("events").forEach(events::add);
        int total = events.size();
        assertThat(total).isGreaterThanOrEqualTo(25);
        JsonNode log = awaitCheckpoint(ledger, total);

        // the key is taken from where the ledger keeps it, not from the API under test: the client's own copy
        NoteKeys.Verifier trusted = NoteKeys.signer(jdbc.queryForObject("SELECT signer_key FROM merkle_local_signer", String.class)).verifier();
        assertThat(log.get("signingKeys").get(0).asText()).isEqualTo(trusted.text());
        Checkpoint latest = Checkpoint.open(ledger.get("auditor", "/api/v1/audit/log/checkpoint").body(), List.of(trusted));
        assertThat(latest.treeSize()).isEqualTo(total);
        assertThat(latest.origin()).isEqualTo("coordination-ledger/local");

        Map<Long, byte[]> leaves = new HashMap<>();
        for (JsonNode event : events) {
            JsonNode proof = ledger.get("auditor", "/api/v1/audit/log/proofs/inclusion?eventId=" + event.get("eventId").asText()).json();
            Checkpoint signed = Checkpoint.open(proof.get("checkpoint").get("note").asText(), List.of(trusted));
            byte[] leaf = MerkleHash.leaf(HEX.parseHex(event.get("hash").asText())); // from the event as the audit API shows it
            long index = proof.get("leafIndex").asLong();
            MerkleProofs.verifyInclusion(index, signed.treeSize(), leaf, hashes(proof.get("path")), signed.rootHash());
            assertThat(leaves.put(index, leaf)).as("leaf " + index + " stands for one event").isNull();
        }
        assertThat(leaves.keySet()).hasSize(total).allMatch(i -> i >= 0 && i < total);
        assertThat(ledger.get("auditor", "/api/v1/audit/log/proofs/inclusion?eventId=" + events.get(0).get("eventId").asText())
                .header("Server-Timing")).as("the time the proof took to make").matches("proof;dur=[0-9]+\\.[0-9]{3}");

        // the audit API's pages with a proof for every event, against one checkpoint given once
        JsonNode page = ledger.get("auditor", "/api/v1/audit/events?limit=1000&proof=true").json();
        Checkpoint pageCheckpoint = Checkpoint.open(page.get("checkpoint").get("note").asText(), List.of(trusted));
        assertThat(page.get("events")).hasSize(total);
        for (JsonNode event : page.get("events")) {
            JsonNode proof = event.get("proof");
            assertThat(proof).as("event %s has its proof", event.get("eventId")).isNotNull();
            MerkleProofs.verifyInclusion(proof.get("leafIndex").asLong(), pageCheckpoint.treeSize(), MerkleHash.leaf(HEX.parseHex(event.get("hash").asText())),
                    hashes(proof.get("path")), pageCheckpoint.rootHash());
        }
        JsonNode stream = ledger.get("auditor", "/api/v1/audit/aggregates/CommandStructure/center-3/events?proof=true").json();
        assertThat(stream.get("events")).hasSize(5).allMatch(event -> event.has("proof"));
        assertThat(ledger.get("auditor", "/api/v1/audit/events?limit=5").json().has("checkpoint")).as("only when asked").isFalse();

        // the bitemporal proof: center-2 as the ledger knew it when its third event was recorded
        List<JsonNode> center2 = new ArrayList<>();
        ledger.get("auditor", "/api/v1/audit/aggregates/CommandStructure/center-2/events").json().get("events").forEach(center2::add);
        String recorded = center2.get(2).get("metadata").get("recordedAt").asText();
        String effective = center2.get(1).get("metadata").get("effectiveAt").asText();
        JsonNode asOf = ledger.get("auditor", "/api/v1/audit/aggregates/CommandStructure/center-2/as-of-proof?recordedAsOf=" + recorded
                + "&asOf=" + effective).json();
        Checkpoint covering = Checkpoint.open(asOf.get("checkpoint").get("note").asText(), List.of(trusted));
        assertThat(asOf.get("events")).as(asOf.toString()).hasSize(3);
        String previous = null;
        for (JsonNode event : asOf.get("events")) {
            assertThat(event.hasNonNull("previousHash") ? event.get("previousHash").asText() : null).as("the chain links the prefix").isEqualTo(previous);
            MerkleProofs.verifyInclusion(event.get("proof").get("leafIndex").asLong(), covering.treeSize(),
                    MerkleHash.leaf(HEX.parseHex(event.get("hash").asText())), hashes(event.get("proof").get("path")), covering.rootHash());
            previous = event.get("hash").asText();
        }
        JsonNode next = asOf.get("nextRecorded");
        assertThat(next.get("sequence").asLong()).isEqualTo(3);
        assertThat(next.get("previousHash").asText()).as("the next event closes the prefix").isEqualTo(previous);
        assertThat(Instant.parse(next.get("recordedAt").asText())).isAfter(Instant.parse(recorded));
        MerkleProofs.verifyInclusion(next.get("proof").get("leafIndex").asLong(), covering.treeSize(),
                MerkleHash.leaf(HEX.parseHex(next.get("hash").asText())), hashes(next.get("proof").get("path")), covering.rootHash());
        List<String> folded = new ArrayList<>();
        asOf.get("folded").forEach(id -> folded.add(id.asText()));
        assertThat(folded).as("the events effective by asOf").contains(center2.get(0).get("eventId").asText(), center2.get(1).get("eventId").asText())
                .doesNotContain(center2.get(3).get("eventId").asText());
        assertThat(ledger.get("auditor", "/api/v1/audit/aggregates/Force/center-2/as-of-proof").status()).isEqualTo(404);
        assertThat(ledger.get("auditor", "/api/v1/audit/aggregates/Nope/center-2/as-of-proof").status()).isEqualTo(400);
        assertThat(ledger.get("auditor", "/api/v1/audit/aggregates/CommandStructure/center-2/as-of-proof?recordedAsOf=yesterday").status())
                .isEqualTo(400);
        assertThat(new MerkleTree(i -> leaves.get(i)).root(total)).as("the root recomputed from every event").isEqualTo(latest.rootHash());

        JsonNode checkpoints = ledger.get("auditor", "/api/v1/audit/log/checkpoints").json().get("checkpoints");
        assertThat(checkpoints.size()).as("one checkpoint after the first ten events, more later: " + checkpoints).isGreaterThanOrEqualTo(2);
        for (int i = 1; i < checkpoints.size(); i++) {
            long from = checkpoints.get(i - 1).get("treeSize").asLong();
            long to = checkpoints.get(i).get("treeSize").asLong();
            JsonNode proof = ledger.get("auditor", "/api/v1/audit/log/proofs/consistency?from=" + from + "&to=" + to).json();
            Checkpoint first = Checkpoint.open(proof.get("fromCheckpoint").get("note").asText(), List.of(trusted));
            Checkpoint second = Checkpoint.open(proof.get("toCheckpoint").get("note").asText(), List.of(trusted));
            MerkleProofs.verifyConsistency(first.treeSize(), second.treeSize(), first.rootHash(), second.rootHash(), hashes(proof.get("proof")));
            // the same proof cannot pass for a rewritten first tree
            byte[] rewritten = first.rootHash().clone();
            rewritten[0] ^= 1;
            assertThatThrownBy(() -> MerkleProofs.verifyConsistency(first.treeSize(), second.treeSize(), rewritten, second.rootHash(),
                    hashes(proof.get("proof")))).isInstanceOf(InvalidProof.class);
        }
        JsonNode keys = ledger.get("auditor", "/api/v1/audit/log/keys").json().get("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("verifierKey").asText()).isEqualTo(trusted.text());
        assertThat(keys.get(0).get("current").asBoolean()).isTrue();
        assertThat(keys.get(0).get("firstTreeSize").asLong()).isEqualTo(checkpoints.get(0).get("treeSize").asLong());
    }

    @Test
    void badRequestsAreClearProblems() {
        LedgerClient ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"center-x\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        long latest = awaitCheckpoint(ledger, 1).get("latestCheckpoint").get("treeSize").asLong();
        LedgerClient.Answer unknown = ledger.get("auditor", "/api/v1/audit/log/proofs/inclusion?eventId=no-such-event");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("no event no-such-event");
        LedgerClient.Answer noCheckpoint = ledger.get("auditor", "/api/v1/audit/log/checkpoints/999999");
        assertThat(noCheckpoint.status()).isEqualTo(404);
        LedgerClient.Answer backwards = ledger.get("auditor", "/api/v1/audit/log/proofs/consistency?from=" + (latest + 1) + "&to=" + latest);
        assertThat(backwards.status()).as(backwards.toString()).isEqualTo(400);
        assertThat(backwards.json().get("errors").get(0).get("field").asText()).isEqualTo("from");
        LedgerClient.Answer zero = ledger.get("auditor", "/api/v1/audit/log/checkpoints/0");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().get("errors").get(0).get("field").asText()).isEqualTo("treeSize");
        assertThat(ledger.get("auditor", "/api/v1/audit/log/checkpoints?limit=0").json().get("errors").get(0).get("field").asText())
                .isEqualTo("limit");
        assertThat(ledger.get("viewer", "/api/v1/audit/log").status()).as("auditors only").isEqualTo(403);

        // an event recorded after a checkpoint, asked for in that checkpoint: no later look will find it there (400),
        // while asked for in the latest one before it is signed it is "not yet" (409)
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"center-y\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        String later = ledger.get("auditor", "/api/v1/audit/aggregates/CommandStructure/center-y/events").json().get("events").get(0)
                .get("eventId").asText();
        awaitCheckpoint(ledger, latest + 1);
        LedgerClient.Answer tooSmall = ledger.get("auditor", "/api/v1/audit/log/proofs/inclusion?eventId=" + later + "&treeSize=" + latest);
        assertThat(tooSmall.status()).as(tooSmall.toString()).isEqualTo(400);
        assertThat(tooSmall.json().get("errors").get(0).get("field").asText()).isEqualTo("treeSize");
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aLastNoteReplacedBehindTheServicesBackIsCheckedAndRefused() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        for (int s = 0; s < 3; s++) {
            assertThat(ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"renoted-" + s
                    + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        }
        // the log appended to its end and signed to its end: nothing new is due until it grows, so the note this
        // instance signed last stays the last one
        long signed = -1;
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos(); signed < 0 && System.nanoTime() < deadline; sleep(300)) {
            JsonNode log = ledger.get("auditor", "/api/v1/audit/log").json();
            JsonNode latest = log.get("latestCheckpoint");
            long events = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
            if (latest != null && !latest.isNull() && latest.get("treeSize").asLong() == events && log.get("size").asLong() == events) {
                signed = latest.get("treeSize").asLong();
            }
        }
        assertThat(signed).as("a checkpoint of the whole log").isPositive();
        String own = jdbc.queryForObject("SELECT note FROM merkle_checkpoint WHERE tree_size = ?", String.class, signed);
        // the same text, signed by a key this instance does not hold
        String replaced = SignedNote.sign(SignedNote.parse(own).text(),
                List.of(NoteKeys.signer(NoteKeys.generateSigner("coordination-ledger/local"))));
        jdbc.update("UPDATE merkle_checkpoint SET note = ? WHERE tree_size = ?", replaced, signed);
        try {
            assertThat(ledger.command("coordinator", "establish-command-structure",
                    "{\"structureId\":\"renoted-after\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status())
                    .isEqualTo(200);
            assertThat(refusalOnceTheLogGrowsPast(ledger, signed)).as("the checkpointer refused to sign").isNotNull()
                    .hasMessageContaining("does not open with this instance's keys");
            assertThat(ledger.get("auditor", "/api/v1/audit/log").json().get("latestCheckpoint").get("treeSize").asLong())
                    .as("nothing signed on the replaced note").isEqualTo(signed);
        } finally {
            jdbc.update("UPDATE merkle_checkpoint SET note = ? WHERE tree_size = ?", own, signed);
        }
        awaitCheckpoint(ledger, signed + 1); // its own note back, the log is signed on
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aStoredTreeAlteredBehindTheServicesBackIsNeverSignedAgain() {
        LedgerClient ledger = new LedgerClient(port);
        for (int s = 0; s < 20; s++) {
            assertThat(ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"tampered-" + s
                    + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        }
        long signed = awaitCheckpoint(ledger, 20).get("latestCheckpoint").get("treeSize").asLong();
        // an insider rewrites the first leaf and every stored subtree above it, consistently: a new history; and puts
        // that history's root beside the last checkpoint, in the column, where the signed note still has the old one
        jdbc.update("UPDATE merkle_leaf SET leaf_hash = sha256(leaf_hash) WHERE leaf_index = 0");
        jdbc.update("UPDATE merkle_node SET hash = sha256(hash) WHERE node_index = 0");
        byte[] forgedRoot = transactions.execute(status -> merkleLog.compute(tree -> tree.root(signed)));
        jdbc.update("UPDATE merkle_checkpoint SET root_hash = ? WHERE tree_size = ?", forgedRoot, signed);
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"after-tampering\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        Throwable refusal = refusalOnceTheLogGrowsPast(ledger, signed);
        assertThat(refusal).as("the checkpointer refused to sign").isNotNull().hasMessageContaining("no longer extends its last checkpoint");
        sleep(1000); // ten of the background looks
        assertThat(ledger.get("auditor", "/api/v1/audit/log").json().get("latestCheckpoint").get("treeSize").asLong())
                .as("nothing signed after the tampering").isEqualTo(signed);

        // the checkpoints themselves removed: the keys' record says some were signed, so no new first one is
        jdbc.update("DELETE FROM merkle_checkpoint");
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        assertThatThrownBy(() -> {
            // the background looks hold the lock now and then: a call that finds it taken does nothing
            while (checkpointer.checkpointIfDue().isEmpty() && System.nanoTime() < until) {
                sleep(20);
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("signed checkpoints are gone");
    }

    @Test
    @Order(Integer.MAX_VALUE - 2) // stops the merkle-log processor for a while: after the tests that await checkpoints
    void aLogFarBehindAppendsInBulkTheLeavesTheProcessorWouldHaveAppended() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        TrackingEventProcessor processor = processing.eventProcessor(MerkleLogAppender.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count("SELECT count(*) FROM merkle_leaf") < count("SELECT count(*) FROM domain_event_entry") && System.nanoTime() < deadline) {
            sleep(50);
        }
        long before = count("SELECT count(*) FROM merkle_leaf");
        assertThat(before).as("the log had caught up").isEqualTo(count("SELECT count(*) FROM domain_event_entry"));
        processor.shutDown();
        for (int s = 0; s < 12; s++) { // 36 events: chunks of 16, the last one short
            assertThat(ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"bulk-" + s
                    + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
            for (int i = 0; i < 2; i++) {
                assertThat(ledger.command("coordinator", "attach-staff", "{\"structureId\":\"bulk-" + s
                        + "\",\"nation\":\"CYP\",\"personnel\":1}").status()).isEqualTo(200);
            }
        }
        long events = count("SELECT count(*) FROM domain_event_entry");
        assertThat(count("SELECT count(*) FROM merkle_leaf")).as("the processor stood still").isEqualTo(before);

        assertThat(catchUp.appendInBulk(() -> true)).isEqualTo(events - before);
        transactions.executeWithoutResult(status -> tokenStore.releaseClaim(MerkleLogAppender.PROCESSING_GROUP, 0));
        processor.start();

        // a leaf per event, in the store's order, each the hash of the event's chain hash; the stored subtrees make
        // the root a tree of those leaves has
        List<byte[]> expected = jdbc.query("SELECT hash FROM domain_event_entry ORDER BY global_index", (row, n) -> MerkleHash.leaf(row.getBytes(1)));
        List<Long> stored = jdbc.queryForList("SELECT global_index FROM domain_event_entry ORDER BY global_index", Long.class);
        List<Long> logged = jdbc.queryForList("SELECT global_index FROM merkle_leaf ORDER BY leaf_index", Long.class);
        assertThat(logged).as("no gaps here: the log's order is the store's").isEqualTo(stored);
        List<byte[]> leaves = jdbc.query("SELECT leaf_hash FROM merkle_leaf ORDER BY leaf_index", (row, n) -> row.getBytes(1));
        for (int i = 0; i < expected.size(); i++) {
            assertThat(leaves.get(i)).as("leaf " + i).isEqualTo(expected.get(i));
        }
        // every size: the roots mix stored subtrees (32 leaves and up) with smaller ones hashed from their leaves
        for (long size = 1; size <= events; size++) {
            long n = size;
            assertThat(merkleLog.<byte[]>compute(tree -> tree.root(n))).as("the root of the first " + size + " leaves")
                    .isEqualTo(new MerkleTree(i -> expected.get((int) i)).root(size));
        }
        // and the proofs over such sizes, as a tree of the leaves makes them
        MerkleTree ofTheLeaves = new MerkleTree(i -> expected.get((int) i));
        for (long size : List.of(31L, 32L, 33L, 47L, events)) {
            long n = size;
            for (long leaf = 0; leaf < size; leaf += 3) {
                long i = leaf;
                assertThat(hex(merkleLog.compute(tree -> tree.inclusionProof(i, n)))).as("leaf " + i + " in a tree of " + n)
                        .isEqualTo(hex(ofTheLeaves.inclusionProof(i, n)));
            }
            for (long from = 1; from <= size; from += 3) {
                long m = from;
                assertThat(hex(merkleLog.compute(tree -> tree.consistencyProof(m, n)))).as("from " + m + " to " + n)
                        .isEqualTo(hex(ofTheLeaves.consistencyProof(m, n)));
            }
        }
        long storedSubtrees = 0;
        for (int level = 5; events >> level > 0; level++) {
            storedSubtrees += events >> level;
        }
        assertThat(events).as("a stored subtree, and roots past it").isGreaterThan(32);
        assertThat(count("SELECT count(*) FROM merkle_node")).as("the complete subtrees of 32 leaves and more, and no smaller one")
                .isEqualTo(storedSubtrees);
        // the processor goes on from the token the bulk left, with the next event as the next leaf
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"after-bulk\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        long appendedBy = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count("SELECT count(*) FROM merkle_leaf") <= events && System.nanoTime() < appendedBy) {
            sleep(50);
        }
        assertThat(jdbc.queryForList("SELECT global_index FROM merkle_leaf WHERE leaf_index >= ? ORDER BY leaf_index", Long.class, events))
                .isEqualTo(jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = 'after-bulk'", Long.class));
        awaitCheckpoint(ledger, events + 1);
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    @Test
    @Order(Integer.MAX_VALUE - 1) // edits events: before the tree is tampered with, after the tests that need it clean
    void theJarChecksTheLogAndProofsOfflineWithTheVerifierKeyAlone(@TempDir Path work) throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        for (int s = 0; s < 3; s++) {
            assertThat(ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"offline-" + s
                    + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        }
        long events = ledger.get("auditor", "/api/v1/audit/events?limit=1000").json().get("events").size();
        awaitCheckpoint(ledger, events);
        String key = NoteKeys.signer(jdbc.queryForObject("SELECT signer_key FROM merkle_local_signer", String.class)).verifier().text();
        String otherKey = NoteKeys.signer(NoteKeys.generateSigner("coordination-ledger/local")).verifier().text();
        String eventId = jdbc.queryForObject("SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = 'offline-1'", String.class);

        Path inclusion = Files.writeString(work.resolve("inclusion.json"),
                ledger.get("auditor", "/api/v1/audit/log/proofs/inclusion?eventId=" + eventId).body());
        assertThat(jar("verify", "--log-key", key, "--proof", inclusion.toString())).startsWith("0 ").contains("VALID: event " + eventId);
        assertThat(jar("verify", "--log-key", otherKey, "--proof", inclusion.toString())).startsWith("1 ").contains("INVALID", "not signed by any trusted key");
        com.fasterxml.jackson.databind.node.ObjectNode forgedProof = (com.fasterxml.jackson.databind.node.ObjectNode) ledger.get("auditor",
                "/api/v1/audit/log/proofs/inclusion?eventId=" + eventId).json();
        byte[] sibling = HEX.parseHex(forgedProof.get("path").get(0).asText());
        sibling[31] ^= 1;
        ((com.fasterxml.jackson.databind.node.ArrayNode) forgedProof.get("path")).set(0, HEX.formatHex(sibling));
        Path forged = Files.writeString(work.resolve("forged.json"), forgedProof.toString());
        assertThat(jar("verify", "--log-key", key, "--proof", forged.toString())).startsWith("1 ").contains("INVALID", "is not in the tree");
        JsonNode checkpoints = ledger.get("auditor", "/api/v1/audit/log/checkpoints").json().get("checkpoints");
        long first = checkpoints.get(0).get("treeSize").asLong();
        Path consistency = Files.writeString(work.resolve("consistency.json"),
                ledger.get("auditor", "/api/v1/audit/log/proofs/consistency?from=" + first).body());
        assertThat(jar("verify", "--log-key", key, "--proof", consistency.toString())).startsWith("0 ").contains("extends the one of " + first);

        String url = postgres.getJdbcUrl("postgres", "postgres");
        assertThat(jar("verify", "--db-url", url, "--db-user", "postgres", "--db-password", "", "--log-key", key))
                .startsWith("0 ").contains("INTACT", "LOG INTACT", events + " leaves");
        // and while commands go on: the leaves and the events are read on two connections, which share one snapshot
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CompletableFuture<Integer> commands = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            while (busy.get()) {
                assertThat(ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"during-" + sent++
                        + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
            }
            return sent;
        });
        String during;
        try {
            during = jar("verify", "--db-url", url, "--db-user", "postgres", "--db-password", "", "--log-key", key);
        } finally {
            busy.set(false);
        }
        assertThat(commands.get()).as("commands were taken while the log was verified").isPositive();
        assertThat(during).startsWith("0 ").contains("LOG INTACT");

        // an insider edits the last event of a stream and recomputes its chain hash and the stream's head: the chain holds
        jdbc.update("""
                UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), 'Kiryat Gat', 'Sderot'), 'UTF8')
                 WHERE aggregate_identifier = 'offline-1'""");
        jdbc.update("""
                UPDATE domain_event_entry SET hash = ledger_event_hash(previous_hash, event_identifier, aggregate_identifier, sequence_number,
                       type, time_stamp, payload_type, payload_revision, payload, meta_data) WHERE aggregate_identifier = 'offline-1'""");
        jdbc.update("UPDATE ledger_stream_head h SET last_hash = e.hash FROM domain_event_entry e "
                + "WHERE e.aggregate_identifier = 'offline-1' AND h.aggregate_identifier = 'offline-1'");
        String edited = jar("verify", "--db-url", url, "--db-user", "postgres", "--db-password", "", "--log-key", key);
        assertThat(edited).startsWith("1 ").contains("INTACT: every hash recomputes", "LOG BROKEN", "event " + eventId,
                "no longer has the content the log recorded", "the history up to it was rewritten");
        // and the log's own leaf too: only the signed roots still tell
        jdbc.update("UPDATE merkle_leaf l SET leaf_hash = sha256(decode('00', 'hex') || e.hash) FROM domain_event_entry e "
                + "WHERE e.global_index = l.global_index AND e.aggregate_identifier = 'offline-1'");
        String rewritten = jar("verify", "--db-url", url, "--db-user", "postgres", "--db-password", "", "--log-key", key);
        assertThat(rewritten).startsWith("1 ").contains("LOG BROKEN", "the history up to it was rewritten")
                .doesNotContain("no longer has the content");
        // an event slipped in below the log's position, where no processor looks
        jdbc.update("INSERT INTO domain_event_entry (global_index, event_identifier, type, aggregate_identifier, sequence_number, time_stamp, "
                + "payload_type, payload_revision, payload, meta_data) SELECT -5, 'behind-the-log', type, 'slipped-in', 0, time_stamp, payload_type, "
                + "payload_revision, payload, meta_data FROM domain_event_entry WHERE aggregate_identifier = 'offline-0'");
        assertThat(jar("verify", "--db-url", url, "--db-user", "postgres", "--db-password", "", "--log-key", key)).startsWith("1 ")
                .contains("event behind-the-log (CommandStructure:slipped-in #0, global index -5) is in no leaf, though later events are");
    }

    /** Runs the ledger's jar; its exit status, a space, and its output. */
    static String jar(String... args) throws Exception {
        Path jar = Path.of("target", "ledger-0.1.0.jar");
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + " " + output;
    }

    /** Waits for a checkpoint of at least {@code size} events; the log's view then. */
    /**
     * Once the log has grown past {@code signed}: the checkpointer's refusal to sign, asked again and again within 20 s,
     * or null if it signed nothing and never refused. The background looks take the same lock every 100 ms: a call that
     * finds it taken signs nothing and is tried again.
     */
    Throwable refusalOnceTheLogGrowsPast(LedgerClient ledger, long signed) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ledger.get("auditor", "/api/v1/audit/log").json().get("size").asLong() <= signed && System.nanoTime() < deadline) {
            sleep(50);
        }
        while (System.nanoTime() < deadline) {
            try {
                assertThat(checkpointer.checkpointIfDue()).as("nothing signed").isEmpty();
                sleep(20);
            } catch (IllegalStateException refused) {
                return refused;
            }
        }
        return null;
    }

    static JsonNode awaitCheckpoint(LedgerClient ledger, long size) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonNode log = ledger.get("auditor", "/api/v1/audit/log").json();
            JsonNode latest = log.get("latestCheckpoint");
            if (latest != null && !latest.isNull() && latest.get("treeSize").asLong() >= size) {
                return log;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no checkpoint of " + size + " events within 30 s: " + log);
            }
            sleep(50);
        }
    }

    static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(h -> hashes.add(HEX.parseHex(h.asText())));
        return hashes;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
