package org.coordination.ledger.subscriber;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
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

/** Waiting for the services the tests run as processes, and stopping them. */
final class Processes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Processes() {
    }

    /**
     * The command line that runs a jar in this JVM's java (the jars need Java 21). C1 alone, because these tests check
     * behaviour, not speed: C2's compiler threads would take a core from the two a CI machine has while a service
     * starts. A bounded heap, because several services share the machine.
     */
    static List<String> java(Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-Daxoniq.update-checker.disabled=true"));
        // the ledger's jar from the extracted layout and AOT cache its module's build made before its integration
        // tests (target/aot, scripts/aot-cache.sh), when there is one: about half the start
        Path layout = jar.toAbsolutePath().resolveSibling("aot");
        command.addAll(Files.isRegularFile(layout.resolve(jar.getFileName())) && Files.isRegularFile(layout.resolve("java.args"))
                ? List.of("@" + layout.resolve("java.args")) : List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Waits for a service's /actuator/health to say UP: while it starts, it refuses connections. */
    static void awaitUp(int port) {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        await("a service up on port " + port).atMost(90, SECONDS).pollDelay(Duration.ZERO).pollInterval(300, MILLISECONDS)
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> HTTP.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\""));
    }

    /**
     * The ledger's real jar on its own embedded PostgreSQL in a new directory under target/, publishing to
     * {@code brokers}, with {@code environment} besides; started, not yet up ({@link #awaitUp}).
     */
    static Process startLedger(int port, String brokers, String name, Map<String, String> environment) throws IOException {
        Path jar = Path.of("..", "ledger", "target", "ledger-0.1.0.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is built by the ledger's module, before this one");
        }
        Path data = Files.createTempDirectory(Path.of("target"), name + "-ledger-pg-");
        ProcessBuilder builder = new ProcessBuilder(java(jar, "--server.port=" + port, "--ledger.embedded-postgres.port=0",
                "--ledger.embedded-postgres.data-directory=" + data)).redirectErrorStream(true).redirectOutput(new File("target/" + name + "-ledger-process.log"));
        builder.environment().put("LEDGER_KAFKA_BOOTSTRAP_SERVERS", brokers);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** SIGTERM first, so a service also stops its embedded PostgreSQL; SIGKILL after 30 s. */
    static void stopGracefully(Process... processes) throws InterruptedException {
        for (Process process : processes) {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
