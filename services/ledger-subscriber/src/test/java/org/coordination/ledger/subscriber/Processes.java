package org.coordination.ledger.subscriber;

import java.util.concurrent.TimeUnit;

/** Stopping the services the tests run as processes. */
final class Processes {

    private Processes() {
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
