package org.coordination.ledger.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Gives each test context its own embedded PostgreSQL data directory and a free port. */
public final class EmbeddedLedgerDatabase {

    private EmbeddedLedgerDatabase() {
    }

    public static Path freshDataDirectory() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "ledger-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void register(DynamicPropertyRegistry registry) {
        Path dataDirectory = freshDataDirectory();
        registry.add("ledger.embedded-postgres.data-directory", dataDirectory::toString);
        registry.add("ledger.embedded-postgres.port", () -> "0");
    }
}
