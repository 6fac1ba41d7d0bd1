package org.coordination.ledger.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository root (docs, compose file, requests.http), found from the module directory tests run in. */
public final class RepositoryFiles {

    private RepositoryFiles() {
    }

    public static Path locate(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }
}
