package org.coordination.ledger.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The service's real jar started as an operator would, with exactly the environment given: what it
 * printed, and how it ended. Variables the test machine may carry (LEDGER_*, SPRING_*) are removed first.
 */
public final class JarRun implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final int port;

    private JarRun(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    public static JarRun start(Path jar, Map<String, String> environment, Path output) throws IOException {
        return start(jar, environment, output, freePort());
    }

    /** On a given HTTP port: a service restarted on its port keeps its address for the clients. */
    public static JarRun start(Path jar, Map<String, String> environment, Path output, int port) throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Daxoniq.update-checker.disabled=true"));
        command.addAll(launch(jar));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File(output.toString()));
        builder.environment().keySet().removeIf(name -> name.startsWith("LEDGER_") || name.startsWith("SPRING_"));
        builder.environment().put("LEDGER_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(environment);
        return new JarRun(builder.start(), output, port);
    }

    /**
     * The arguments that run the jar: from the extracted layout and AOT cache the build made beside it before the
     * integration tests (target/aot, scripts/aot-cache.sh; about half the start) when there is one, else the jar itself
     * (a build with -Dledger.aot.skip, or another jar, such as the production one: the layout is of the jar of its name).
     */
    public static List<String> launch(Path jar) {
        Path layout = jar.toAbsolutePath().resolveSibling("aot");
        return Files.isRegularFile(layout.resolve(jar.getFileName())) && Files.isRegularFile(layout.resolve("java.args"))
                ? List.of("@" + layout.resolve("java.args")) : List.of("-jar", jar.toString());
    }

    /** The exit status, once the process ended by itself; fails if it is still running after the timeout. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Waits for /actuator/health to answer 200; fails if the process ends or the timeout passes first. */
    public void awaitHealthy(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        try {
            await("healthy").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(250, TimeUnit.MILLISECONDS)
                    .failFast("exited", () -> !process.isAlive())
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet: starting
                    .until(() -> client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        } catch (TerminalFailureException exited) {
            throw new AssertionError("exited with " + process.exitValue() + ":\n" + output(), exited);
        } catch (ConditionTimeoutException notHealthy) {
            throw new AssertionError("not healthy within " + timeout + ":\n" + output(), notHealthy);
        }
    }

    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operating system's process id (Axon's node id for token claims is {@code <pid>@<hostname>}). */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no graceful stop, whatever was in flight is cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** The service's jar the package phase built (failsafe runs after it), in the module's target/. */
    public static Path ledgerJar() throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("ledger-[0-9.]+(-SNAPSHOT)?\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no ledger jar in target/: run ./mvnw verify, which packages it first"));
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
