package org.coordination.ledger.subscriber;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service killed outright (SIGKILL, a power cut of the JVM) leaves its embedded PostgreSQL running,
 * holding the data directory, and the next start would fail. The embedded server's owner holds a file
 * lock (epg-lock) for as long as it lives; if nobody holds it, a postmaster still running on the
 * directory is an orphan and is shut down before the new start. Its data is safe: PostgreSQL recovers
 * from its write-ahead log.
 * <p>
 * The same as the ledger's, on purpose: the reference subscriber depends on the contract module only,
 * as any other team's subscriber would.
 */
final class OrphanedPostmaster {

    private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

    private OrphanedPostmaster() {
    }

    static void stopIfAny(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Path lockFile = dataDirectory.resolve("epg-lock");
        if (!Files.exists(pidFile) || !Files.exists(lockFile)) {
            return;
        }
        try (RandomAccessFile lock = new RandomAccessFile(lockFile.toFile(), "rw"); FileLock held = lock.getChannel().tryLock()) {
            if (held == null) {
                return; // a live process owns the directory; starting will fail with a clear message
            }
        } catch (java.nio.channels.OverlappingFileLockException sameJvm) {
            return;
        }
        Optional<ProcessHandle> postmaster = Files.readAllLines(pidFile).stream().findFirst()
                .map(String::trim).filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle orphan = postmaster.get();
        log.warn("An embedded PostgreSQL (pid {}) outlived the process that started it on {}; shutting it down first",
                orphan.pid(), dataDirectory);
        orphan.destroy();
        try {
            orphan.onExit().get(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception slow) {
            orphan.destroyForcibly();
        }
    }
}
