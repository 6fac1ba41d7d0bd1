package org.coordination.ledger.bench;

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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service's real jar as its own process, started the way the Dockerfile starts it, so that its
 * memory and CPU are its own and the harness's clients are outside it.
 */
final class ServiceProcess implements AutoCloseable {

    /** The ledger's JVM flags, in the repository: the file services/ledger/Dockerfile's ENTRYPOINT reads ({@code java @jvm.args}). */
    static final String JVM_ARGS = "services/ledger/jvm.args";

    /** The flags of {@link #JVM_ARGS}, for a run's record: the file without its comments, split at white space. */
    static List<String> jvmFlags(Path repository) throws IOException {
        List<String> flags = new ArrayList<>();
        for (String line : Files.readAllLines(repository.resolve(JVM_ARGS))) {
            int comment = line.indexOf('#');
            String flagsOnLine = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!flagsOnLine.isEmpty()) {
                flags.addAll(List.of(flagsOnLine.split("\\s+")));
            }
        }
        return flags;
    }

    /** The repository a jar of the harness was built in: {@code <repository>/services/<module>/target/<jar>}. */
    private static Path repositoryOf(Path jar) {
        Path repository = jar.toAbsolutePath().normalize();
        for (int up = 0; up < 4 && repository != null; up++) {
            repository = repository.getParent();
        }
        if (repository == null || !Files.isRegularFile(repository.resolve(JVM_ARGS))) {
            throw new IllegalStateException(jar + " is not a jar built in a repository with " + JVM_ARGS
                    + ": the harness starts the services' jars from their modules' target/");
        }
        return repository;
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServiceProcess start(String name, Path jar, Map<String, String> environment, List<String> arguments, Path logDirectory,
                                String healthPath) throws IOException, InterruptedException {
        ServiceProcess service = launch(name, jar, environment, arguments, logDirectory);
        service.awaitHealthy(healthPath, Duration.ofSeconds(180));
        return service;
    }

    /** Started, not yet healthy ({@link #awaitHealthy}): services that do not need each other to start start together. */
    static ServiceProcess launch(String name, Path jar, Map<String, String> environment, List<String> arguments, Path logDirectory)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw -B -DskipTests package)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // the JVM reads the flags from the file itself, as the image's ENTRYPOINT has it do
        command.add("@" + repositoryOf(jar).resolve(JVM_ARGS));
        // e.g. -XX:StartFlightRecording=... to profile a stage (docs/benchmarks.md, "What was changed": the tools)
        String extra = System.getenv("BENCH_SERVICE_JAVA_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-Daxoniq.update-checker.disabled=true");
        // the ledger's extracted layout and AOT cache, if its module's build made them before its integration tests
        // (target/aot, scripts/aot-cache.sh): a `./mvnw verify` before QuickBenchmarkIT; packaged alone, the jar in the
        // extracted layout the Docker image runs (services/ledger/Dockerfile)
        Path layout = jar.toAbsolutePath().resolveSibling("aot");
        command.addAll(Files.isRegularFile(layout.resolve(jar.getFileName())) && Files.isRegularFile(layout.resolve("java.args"))
                ? List.of("@" + layout.resolve("java.args")) : List.of("-jar", extracted(jar, logDirectory).toString()));
        command.add("--server.port=" + port);
        command.addAll(arguments);
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(new File(log.toString()));
        builder.environment().put("MALLOC_ARENA_MAX", "2"); // as the Dockerfile: fewer malloc arenas, less resident memory
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new ServiceProcess(name, process, port, log);
    }

    /** The layouts this run has made, by jar: each jar is extracted once per run, fresh, so never from an older build. */
    private static final Map<Path, Path> EXTRACTED = new HashMap<>();

    /**
     * The jar in Spring Boot's extracted layout, as the Docker image runs the ledger: the application jar with its
     * libraries as plain jars in lib/ beside it, read by the JVM's own class loader (a start about an eighth shorter than
     * from the jars nested in one; docs/operations.md, "Starting faster"). Made under the run's directory.
     */
    private static synchronized Path extracted(Path jar, Path logDirectory) throws IOException {
        Path source = jar.toAbsolutePath().normalize();
        Path made = EXTRACTED.get(source);
        if (made != null) {
            return made;
        }
        String name = source.getFileName().toString();
        String bare = name.replaceFirst("\\.jar$", "");
        Path destination = logDirectory.toAbsolutePath().getParent().resolve("layouts").resolve(bare);
        if (Files.exists(destination)) {
            try (var files = Files.walk(destination)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve("extract-" + bare + ".log");
        Process extraction = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Djarmode=tools", "-jar",
                source.toString(), "extract", "--destination", destination.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!extraction.waitFor(2, TimeUnit.MINUTES)) {
                extraction.destroyForcibly();
                throw new IllegalStateException("extracting " + source + " took more than two minutes: " + log);
            }
            if (extraction.exitValue() != 0 || !Files.isRegularFile(destination.resolve(name))) {
                throw new IllegalStateException("extracting " + source + " failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + source, e);
        }
        EXTRACTED.put(source, destination.resolve(name));
        return destination.resolve(name);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    long pid() {
        return process.pid();
    }

    void awaitHealthy(String healthPath, Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + healthPath)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become healthy in " + timeout + "; see " + log);
    }

    /** Resident set size of the service's process, from the kernel, in MiB. */
    double residentMegabytes() throws IOException {
        return statusMegabytes("VmRSS:");
    }

    /** Peak resident set size so far, in MiB. */
    double peakResidentMegabytes() throws IOException {
        return statusMegabytes("VmHWM:");
    }

    private double statusMegabytes(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no " + field + " for " + process.pid());
    }

    /** CPU seconds the process has used so far (user + system). */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(-1.0);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: a graceful shutdown, the embedded pieces stop cleanly
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
