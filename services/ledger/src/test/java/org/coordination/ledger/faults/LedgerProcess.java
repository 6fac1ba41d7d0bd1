package org.coordination.ledger.faults;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The ledger's real jar in its own process, on a PostgreSQL server of the test's, killed and restarted at will. */
final class LedgerProcess implements AutoCloseable {

    private final String name;
    private final String databaseUrl;
    private final int port;
    private final Path log;
    private Process process;

    private LedgerProcess(String name, String databaseUrl, int port, Path log) {
        this.name = name;
        this.databaseUrl = databaseUrl;
        this.port = port;
        this.log = log;
    }

    static LedgerProcess start(String name, String databaseUrl) throws IOException, InterruptedException {
        Path logs = Path.of("target", "faults");
        Files.createDirectories(logs);
        LedgerProcess ledger = new LedgerProcess(name, databaseUrl, freePort(), logs.resolve(name + ".log"));
        ledger.startProcess();
        return ledger;
    }

    /** The jar the package phase built; failsafe runs after it. */
    static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("ledger-[0-9.]+(-SNAPSHOT)?\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no ledger jar in target/: run ./mvnw verify, which packages it first"));
        }
    }

    private void startProcess() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Daxoniq.update-checker.disabled=true", "-jar", jar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(log.toString())));
        builder.environment().put("LEDGER_DB_URL", databaseUrl);
        builder.environment().put("LEDGER_DB_USER", "postgres");
        builder.environment().put("LEDGER_DB_PASSWORD", "");
        builder.environment().put("LEDGER_DB_POOL_SIZE", "10");
        builder.environment().put("LEDGER_HTTP_PORT", String.valueOf(port));
        builder.environment().remove("LEDGER_KAFKA_BOOTSTRAP_SERVERS");
        process = builder.start();
        awaitHealthy(Duration.ofSeconds(120));
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> health = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " not healthy within " + timeout + "; see " + log.toAbsolutePath());
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, whatever was in flight is cut. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void restart() throws IOException, InterruptedException {
        startProcess();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
