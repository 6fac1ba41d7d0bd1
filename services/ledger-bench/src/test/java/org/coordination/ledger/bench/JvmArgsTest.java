package org.coordination.ledger.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The ledger's JVM flags live in one file, services/ledger/jvm.args: the image's ENTRYPOINT and the harness hand it to
 * the JVM as an argument file, so a flag changed there changes everywhere, and the JVM must read it as meant.
 */
class JvmArgsTest {

    static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void theImageCopiesTheFileAndItsEntrypointHandsItToTheJvm() throws IOException {
        String dockerfile = Files.readString(REPOSITORY.resolve("services/ledger/Dockerfile"));

        assertThat(dockerfile).contains("COPY " + ServiceProcess.JVM_ARGS + " /opt/ledger/jvm.args");
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"@/opt/ledger/jvm.args\", \"-jar\", \"/opt/ledger/ledger.jar\"]");
        assertThat(dockerfile).as("no flag of the file repeated in the image").doesNotContain("-Xmx");
    }

    @Test
    void theJvmAppliesEveryFlagOfTheFileAndTheRunRecordListsThemWithoutComments() throws Exception {
        Path file = REPOSITORY.resolve(ServiceProcess.JVM_ARGS);

        assertThat(ServiceProcess.jvmFlags(REPOSITORY)).containsExactly("-Xms128m", "-Xmx224m", "-XX:MaxMetaspaceSize=192m",
                "-XX:ReservedCodeCacheSize=96m", "-Xss512k", "-XX:-G1UseAdaptiveIHOP", "-XX:InitiatingHeapOccupancyPercent=60",
                "-XX:G1ReservePercent=20", "-XX:MaxTenuringThreshold=1", "-XX:-ClassUnloadingWithConcurrentMark", "-XX:MetaspaceSize=160m",
                "-XX:ThreadPriorityPolicy=1", "-XX:JavaPriority6_To_OSPriority=0", "-XX:JavaPriority7_To_OSPriority=0",
                "-XX:JavaPriority8_To_OSPriority=0", "-XX:JavaPriority9_To_OSPriority=0", "-XX:JavaPriority10_To_OSPriority=0");
        // the JVM this test runs on, reading the file as the ENTRYPOINT has it do: comments skipped, every flag set from it
        Process java = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "@" + file, "-XX:+PrintFlagsFinal",
                "-version").redirectErrorStream(true).start();
        String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(flags).isZero();
        assertThat(flags).containsPattern("InitialHeapSize\\s+= 134217728\\s.*\\{command line}")
                .containsPattern("MaxHeapSize\\s+= 234881024\\s.*\\{command line}")
                .containsPattern("MaxMetaspaceSize\\s+= 201326592\\s.*\\{command line}")
                .containsPattern("ReservedCodeCacheSize\\s+= 100663296\\s.*\\{command line}")
                .containsPattern("ThreadStackSize\\s+= 512\\s.*\\{command line}")
                .containsPattern("G1UseAdaptiveIHOP\\s+= false\\s.*\\{command line}")
                .containsPattern("InitiatingHeapOccupancyPercent\\s+= 60\\s.*\\{command line}")
                .containsPattern("G1ReservePercent\\s+= 20\\s.*\\{command line}")
                .containsPattern("MaxTenuringThreshold\\s+= 1\\s.*\\{command line}")
                .containsPattern("ClassUnloadingWithConcurrentMark\\s+= false\\s.*\\{command line}")
                .containsPattern("\\bMetaspaceSize\\s+= 167772160\\s.*\\{command line}")
                .containsPattern("ThreadPriorityPolicy\\s+= 1\\s.*\\{command line}");
        for (int priority = 6; priority <= 10; priority++) {
            assertThat(flags).containsPattern("JavaPriority" + priority + "_To_OSPriority\\s+= 0\\s.*\\{command line}");
        }
    }

    /**
     * What the priority flags are for: a thread the ledger lowers to Java's priority 1 (its processors') runs at nice 4,
     * one at 5 (the requests') at 0, and the JVM raises none (priority 10 stays at nice 0), whether it runs as root,
     * as the benchmarks do, or as the image's own user. Linux only: the nice value is read from /proc.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void underTheFileALoweredThreadRunsAtNiceFourAndNoneIsRaised() throws Exception {
        Path program = Path.of(JvmArgsTest.class.getResource("/ThreadNice.java").toURI());
        Process java = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "@" + REPOSITORY.resolve(ServiceProcess.JVM_ARGS), program.toString()).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(line -> line.matches("\\d+=-?\\d+"))).as(output).containsExactly("1=4", "5=0", "10=0");
    }
}
