package org.coordination.ledger.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.merkle.Checkpoint;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.contract.merkle.SignedNote;
import org.coordination.ledger.testsupport.JarRun;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key rotation on the real jar, as an operator does it: the ledger runs with the old key from a file; then restarts
 * with {@code new,old}, and its checkpoints carry both signatures, so a witness that trusts only the old key accepts
 * them and one that trusts only the new key does too. Both keys are listed, the new one current. Offline, the whole
 * log verifies with both keys; with the new one alone, the checkpoints the old key signed before the rotation are
 * named as signed by no trusted key.
 */
class KeyRotationIT {

    @TempDir
    Path work;

    @Test
    void aRotationCosignsWithTheOldKeyUntilItIsDropped() throws Exception {
        Path oldKey = Files.writeString(work.resolve("old.key"), NoteKeys.generateSigner("ledger.example/isf"));
        Path newKey = Files.writeString(work.resolve("new.key"), NoteKeys.generateSigner("ledger.example/isf"));
        NoteKeys.Verifier oldVerifier = NoteKeys.signer(Files.readString(oldKey)).verifier();
        NoteKeys.Verifier newVerifier = NoteKeys.signer(Files.readString(newKey)).verifier();

        Checkpoint beforeRotation;
        try (JarRun ledger = start("before.log", oldKey.toString())) {
            LedgerClient client = client(ledger);
            LedgerClient.Answer none = client.get("auditor", "/api/v1/audit/log/checkpoint");
            assertThat(none.status()).as("no checkpoint before the first event: " + none).isEqualTo(404);
            assertThat(none.header("Content-Type")).startsWith("application/problem+json");
            establish(client, "before-rotation");
            String note = awaitNote(client, 1);
            beforeRotation = Checkpoint.open(note, List.of(oldVerifier));
            assertThat(beforeRotation.origin()).isEqualTo("ledger.example/isf");
            assertThatThrownBy(() -> Checkpoint.open(note, List.of(newVerifier))).hasMessageContaining("not signed by any trusted key");
        }
        try (JarRun ledger = start("during.log", newKey + "," + oldKey)) {
            LedgerClient client = client(ledger);
            establish(client, "during-rotation");
            String note = awaitNote(client, beforeRotation.treeSize() + 1);
            assertThat(SignedNote.parse(note).verifiedBy(List.of(oldVerifier, newVerifier))).containsExactly(newVerifier, oldVerifier);
            assertThat(Checkpoint.open(note, List.of(oldVerifier)).treeSize()).isGreaterThan(beforeRotation.treeSize());
            assertThat(Checkpoint.open(note, List.of(newVerifier)).treeSize()).isGreaterThan(beforeRotation.treeSize());

            JsonNode keys = client.get("auditor", "/api/v1/audit/log/keys").json().get("keys");
            Map<String, Boolean> current = new HashMap<>();
            keys.forEach(key -> current.put(key.get("verifierKey").asText(), key.get("current").asBoolean()));
            assertThat(current).containsEntry(oldVerifier.text(), true).containsEntry(newVerifier.text(), true).hasSize(2);
            assertThat(keys.get(0).get("verifierKey").asText()).as("the older key signed first").isEqualTo(oldVerifier.text());
        }
        String data = work.resolve("data").toString();
        String both = MerkleLogIT.jar("verify", "--data-dir", data, "--log-key", oldVerifier.text() + "," + newVerifier.text());
        assertThat(both).startsWith("0 ").contains("LOG INTACT");
        String newOnly = MerkleLogIT.jar("verify", "--data-dir", data, "--log-key", newVerifier.text());
        assertThat(newOnly).startsWith("1 ").contains("checkpoint of " + beforeRotation.treeSize() + " events: the note is not signed by any trusted key");
    }

    JarRun start(String log, String keyFiles) throws Exception {
        Map<String, String> environment = Map.of("LEDGER_DATA_DIR", work.resolve("data").toString(), "LEDGER_EMBEDDED_DB_PORT", "0",
                "LEDGER_LOG_ORIGIN", "ledger.example/isf", "LEDGER_CHECKPOINT_KEY_FILES", keyFiles,
                "LEDGER_CHECKPOINT_INTERVAL", "200ms", "LEDGER_CHECKPOINT_POLL", "100ms");
        int port = JarRun.freePort();
        JarRun ledger = JarRun.start(JarRun.ledgerJar(), environment, work.resolve(log), port);
        ledger.awaitHealthy(Duration.ofSeconds(120));
        ports.put(ledger, port);
        return ledger;
    }

    private final Map<JarRun, Integer> ports = new HashMap<>();

    LedgerClient client(JarRun ledger) {
        return new LedgerClient(ports.get(ledger));
    }

    static void establish(LedgerClient client, String id) {
        assertThat(client.command("coordinator", "establish-command-structure", "{\"structureId\":\"" + id
                + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
    }

    /** The latest checkpoint's note once it covers at least {@code size} events. */
    static String awaitNote(LedgerClient client, long size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            LedgerClient.Answer answer = client.get("auditor", "/api/v1/audit/log/checkpoint");
            if (answer.status() == 200 && Checkpoint.parse(SignedNote.parse(answer.body()).text()).treeSize() >= size) {
                return answer.body();
            }
            seen.add(answer.status() + "");
            Thread.sleep(50);
        }
        throw new AssertionError("no checkpoint of " + size + " events within 30 s: " + seen.subList(Math.max(0, seen.size() - 3), seen.size()));
    }
}
