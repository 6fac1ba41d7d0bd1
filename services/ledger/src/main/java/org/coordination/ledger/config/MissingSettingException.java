package org.coordination.ledger.config;

import org.springframework.boot.ExitCodeGenerator;

/**
 * A setting the service cannot start without. The message is the whole story (which variable, what it
 * is for), so it carries no stack trace; {@link MissingSettingReporter} logs it as one line.
 */
public class MissingSettingException extends RuntimeException implements ExitCodeGenerator {

    /** EX_CONFIG of sysexits.h: a supervisor can tell a configuration error from a crash and stop restarting. */
    public static final int EXIT_CODE = 78;

    public MissingSettingException(String message) {
        super(message, null, false, false);
    }

    @Override
    public int getExitCode() {
        return EXIT_CODE;
    }
}
