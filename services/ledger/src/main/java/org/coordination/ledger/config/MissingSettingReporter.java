package org.coordination.ledger.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a {@link MissingSettingException} as its one log line. Ahead of Spring Boot's failure
 * analyzers, whose banner or "Application run failed" stack trace would bury the one thing to do.
 * Registered in META-INF/spring.factories; any other failure is left to Spring Boot.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MissingSettingReporter implements SpringBootExceptionReporter {

    private static final Logger log = LoggerFactory.getLogger(MissingSettingReporter.class);

    @Override
    public boolean reportException(Throwable failure) {
        if (failure instanceof MissingSettingException missing) {
            log.error(missing.getMessage());
            return true;
        }
        return false;
    }
}
