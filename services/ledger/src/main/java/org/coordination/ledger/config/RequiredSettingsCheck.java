package org.coordination.ledger.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Stops the start before any bean exists when the environment lacks what the service cannot run
 * without. In prod that is a database of its own (the embedded one is for trying the ledger out, never
 * a fallback) and the token issuer; otherwise a missing setting shows up much later as a stack trace,
 * or not at all. Registered in META-INF/spring.factories. It runs once the context's initializers have
 * run, because they may still add property sources (tests do), and logging is set up by then, so that
 * the one line is logged like every other.
 */
public class RequiredSettingsCheck implements ApplicationListener<ApplicationContextInitializedEvent> {

    static final String DATABASE_URL = "spring.datasource.url";
    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

    @Override
    public void onApplicationEvent(ApplicationContextInitializedEvent event) {
        problem(event.getApplicationContext().getEnvironment()).ifPresent(message -> {
            throw new MissingSettingException(message);
        });
    }

    /** What is missing, as one actionable sentence; empty when the service can start. */
    static Optional<String> problem(Environment environment) {
        if (!environment.matchesProfiles("prod")) {
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (!isSet(environment, DATABASE_URL)) {
            missing.add("LEDGER_DB_URL (the event store's JDBC URL; prod never starts the embedded PostgreSQL)");
        }
        if (!isSet(environment, ISSUER_URI)) {
            missing.add("LEDGER_JWT_ISSUER_URI (the OAuth2 issuer whose JWTs the API accepts)");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Not started: the prod profile needs " + String.join(" and ", missing)
                + "; set " + (missing.size() == 1 ? "it" : "them") + " and start again.");
    }

    private static boolean isSet(Environment environment, String key) {
        try {
            String value = environment.getProperty(key);
            return value != null && !value.isBlank();
        } catch (IllegalArgumentException unresolvable) {
            // application-prod.yml's ${LEDGER_JWT_ISSUER_URI} with the variable unset
            return false;
        }
    }
}
