package org.coordination.ledger.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time of processes from Linux's {@code /proc/<pid>/stat}, in clock ticks. Linux only: where
 * {@code /proc} cannot be read, every answer is empty, so a figure built on it is left out of the
 * results rather than reported as zero.
 */
final class ProcStat {

    private static final Path PROC = Path.of("/proc");

    /** Clock ticks per second, the unit of the times in {@code /proc/<pid>/stat}; 0 if unknown. */
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcStat() {
    }

    static boolean available() {
        return TICKS_PER_SECOND > 0 && Files.isReadable(PROC.resolve("self/stat"));
    }

    /** User + system time of one process (all its threads). */
    static OptionalLong cpuTicks(long pid) {
        long[] fields = available() ? fields(pid) : null;
        return fields == null ? OptionalLong.empty() : OptionalLong.of(fields[UTIME] + fields[STIME]);
    }

    /**
     * User + system time of a PostgreSQL server: the postmaster, every process it started that is still
     * running (backends, WAL writer, checkpointer, autovacuum workers...), and the children it has
     * already reaped, which the kernel adds to its cutime and cstime: backends that exited within the
     * window are counted too. A child reaped between the two reads below would be counted twice; that
     * takes a backend ending in the microseconds between them.
     */
    static OptionalLong postgresTicks(long postmasterPid) {
        if (!available()) {
            return OptionalLong.empty();
        }
        long total = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                long[] fields = fields(Long.parseLong(process.getFileName().toString()));
                if (fields != null && fields[PPID] == postmasterPid) {
                    total += fields[UTIME] + fields[STIME];
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return OptionalLong.empty();
        }
        long[] postmaster = fields(postmasterPid);
        if (postmaster == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(total + postmaster[UTIME] + postmaster[STIME] + postmaster[CUTIME] + postmaster[CSTIME]);
    }

    /**
     * User + system time of a JVM's JIT compiler threads ({@code C1 CompilerThread<n>}, {@code C2
     * CompilerThread<n>}), from /proc/<pid>/task: how much of the process's CPU is HotSpot still compiling.
     * A compiler thread that HotSpot stopped within the window takes its time out of this figure (not out of
     * the process's).
     */
    static OptionalLong compilerTicks(long pid) {
        if (!available()) {
            return OptionalLong.empty();
        }
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(PROC.resolve(pid + "/task"))) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
                    total += Long.parseLong(after[UTIME]) + Long.parseLong(after[STIME]);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(total);
    }

    // positions in the fields after the command name: field 3 of proc(5) (state) is index 0
    private static final int PPID = 1;
    private static final int UTIME = 11;
    private static final int STIME = 12;
    private static final int CUTIME = 13;
    private static final int CSTIME = 14;

    /** The numeric fields of /proc/<pid>/stat after the command name, or null if the process is gone. */
    private static long[] fields(long pid) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(pid + "/stat"));
        } catch (IOException | RuntimeException gone) {
            return null;
        }
        // the command name is in parentheses and may itself contain spaces and parentheses
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long[] fields = new long[CSTIME + 1];
        for (int i = PPID; i <= CSTIME; i++) {
            fields[i] = Long.parseLong(after[i]);
        }
        return fields;
    }

    /**
     * {@code getconf CLK_TCK}: the kernel reports times in these ticks (USER_HZ, 100 on common Linux
     * builds, but not guaranteed), so it is asked rather than assumed.
     */
    private static long ticksPerSecond() {
        if (!Files.isReadable(PROC.resolve("self/stat"))) {
            return 0;
        }
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String answer = new String(getconf.getInputStream().readAllBytes()).trim();
            if (getconf.waitFor() == 0 && answer.matches("\\d+")) {
                return Long.parseLong(answer);
            }
        } catch (IOException unknown) {
            // below
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        Console.info("getconf CLK_TCK gave no answer: CPU figures are left out");
        return 0;
    }
}
