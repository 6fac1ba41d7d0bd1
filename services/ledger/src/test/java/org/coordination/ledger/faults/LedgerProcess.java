package org.coordination.ledger.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.coordination.ledger.testsupport.JarRun;

/**
 * The ledger's real jar on a PostgreSQL server of the test's, killed and restarted at will on the same
 * HTTP port, so that clients keep its address across restarts. Each start logs to a file of its own.
 */
final class LedgerProcess implements AutoCloseable {

    private final String name;
    private final Map<String, String> environment;
    private final int port;
    private int starts;
    private JarRun run;

    private LedgerProcess(String name, String databaseUrl, int port, Map<String, String> settings) {
        this.name = name;
        this.port = port;
        Map<String, String> environment = new HashMap<>(Map.of("LEDGER_DB_URL", databaseUrl, "LEDGER_DB_USER", "postgres",
                "LEDGER_DB_PASSWORD", "", "LEDGER_DB_POOL_SIZE", "10"));
        environment.putAll(settings);
        this.environment = Map.copyOf(environment);
    }

    static LedgerProcess start(String name, String databaseUrl) throws IOException, InterruptedException {
        return start(name, databaseUrl, Map.of());
    }

    /** @param settings environment variables of the ledger's, beside the database's */
    static LedgerProcess start(String name, String databaseUrl, Map<String, String> settings) throws IOException, InterruptedException {
        LedgerProcess ledger = new LedgerProcess(name, databaseUrl, JarRun.freePort(), settings);
        ledger.restart();
        return ledger;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Whether a token's owner ({@code <pid>@<hostname>}) is this process. */
    boolean owns(String owner) {
        return owner != null && owner.startsWith(run.pid() + "@");
    }

    /** SIGKILL: no shutdown hook, no graceful stop, whatever was in flight is cut. */
    void kill() throws InterruptedException {
        run.kill();
    }

    void restart() throws IOException, InterruptedException {
        run = JarRun.start(JarRun.ledgerJar(), environment, Path.of("target", "faults", name + "-" + ++starts + ".log"), port);
        run.awaitHealthy(Duration.ofSeconds(120));
    }

    @Override
    public void close() throws InterruptedException {
        if (run != null) {
            run.close();
        }
    }
}
