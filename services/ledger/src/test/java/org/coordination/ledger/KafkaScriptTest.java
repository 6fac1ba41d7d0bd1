package org.coordination.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/kafka.sh, run from a copy of it so that it never touches the developer's .ledger/kafka, with
 * a stand-in for `java` that records how it is called: the broker's configuration and the `watch`
 * consumer follow KAFKA_PORT and KAFKA_CONTROLLER_PORT, and default to 9092 and 9093.
 */
@DisabledOnOs(OS.WINDOWS) // the script is bash, run the way a developer on Linux or macOS runs it; CI runs on Linux
class KafkaScriptTest {

    @TempDir
    Path repository;

    @Test
    void theBrokerListensOnThePortsGiven() throws Exception {
        String output = run(Map.of("KAFKA_PORT", "19092", "KAFKA_CONTROLLER_PORT", "19093"));
        String properties = Files.readString(repository.resolve(".ledger/kafka/server.properties"));
        assertThat(properties)
                .contains("listeners=PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093\n")
                .contains("advertised.listeners=PLAINTEXT://localhost:19092\n")
                .contains("controller.quorum.voters=1@localhost:19093\n")
                .doesNotContain(":9092").doesNotContain(":9093");
        assertThat(output).contains("LEDGER_KAFKA_BOOTSTRAP_SERVERS=localhost:19092");
        assertThat(javaCalls()).last().asString().contains("kafka.Kafka");
    }

    @Test
    void withoutThemItIs9092And9093() throws Exception {
        run(Map.of());
        assertThat(Files.readString(repository.resolve(".ledger/kafka/server.properties")))
                .contains("listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093\n");
    }

    @Test
    void watchReadsFromThePortGiven() throws Exception {
        run(Map.of("KAFKA_PORT", "19092"), "watch");
        assertThat(javaCalls()).singleElement().asString()
                .contains("ConsoleConsumer --bootstrap-server localhost:19092 ");
    }

    /** Runs the script's copy with the Kafka jars taken as fetched and `java` recording its arguments. */
    String run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        Files.createDirectories(repository.resolve("scripts"));
        Files.copy(RepositoryFiles.locate("scripts/kafka.sh"), repository.resolve("scripts/kafka.sh"));
        Files.createDirectories(repository.resolve(".ledger/kafka/libs"));
        Path bin = Files.createDirectories(repository.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "$*" >> "$JAVA_CALLS"
                if [[ "$*" == *random-uuid* ]]; then echo test-cluster-id; fi
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<String> command = new ArrayList<>(List.of("bash", repository.resolve("scripts/kafka.sh").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("LEDGER_"));
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("JAVA_CALLS", repository.resolve("java-calls").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    List<String> javaCalls() throws IOException {
        return Files.readAllLines(repository.resolve("java-calls"));
    }
}
