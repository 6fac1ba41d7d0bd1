package org.coordination.ledger.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Gives each test context its own embedded PostgreSQL data directory and a free port, or, for the prod
 * profile, which never starts one, a PostgreSQL server of the test's own passed as LEDGER_DB_URL.
 */
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

    /** A PostgreSQL server started here and given to the service as in production; it stops with the JVM. */
    public static void registerServer(DynamicPropertyRegistry registry) {
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(freshDataDirectory()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("LEDGER_DB_URL", () -> server.getJdbcUrl("postgres", "postgres"));
        registry.add("LEDGER_DB_USER", () -> "postgres");
    }
}
