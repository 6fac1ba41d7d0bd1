package org.coordination.ledger.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A checkpoint signing key in a file of its own, as prod requires one (LEDGER_CHECKPOINT_KEY_FILES). */
public final class CheckpointKeys {

    private CheckpointKeys() {
    }

    /** Makes a signer key file under target/ and gives the service its path. */
    public static void register(DynamicPropertyRegistry registry) {
        try {
            Path file = Files.createTempDirectory(Path.of("target"), "checkpoint-key-").resolve("signer.key");
            Files.writeString(file, NoteKeys.generateSigner("ledger.example/test"));
            registry.add("LEDGER_CHECKPOINT_KEY_FILES", file::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
