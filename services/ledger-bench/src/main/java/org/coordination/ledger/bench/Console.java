package org.coordination.ledger.bench;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress on the console: what runs now, and how far it is. */
final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long STARTED = System.nanoTime();

    private Console() {
    }

    static void stage(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    static void info(String format, Object... args) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - STARTED);
        System.out.printf("[%s +%4ds] %s%n", LocalTime.now().format(TIME), elapsed.toSeconds(), String.format(format, args));
    }
}
