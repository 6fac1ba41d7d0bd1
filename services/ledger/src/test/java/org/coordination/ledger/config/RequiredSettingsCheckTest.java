package org.coordination.ledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class RequiredSettingsCheckTest {

    static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        return environment;
    }

    @Test
    void prodNeedsTheDatabaseAndTheIssuerNamedInOneSentence() {
        assertThat(RequiredSettingsCheck.problem(prod(), true)).hasValueSatisfying(message -> assertThat(message)
                .contains("LEDGER_DB_URL", "LEDGER_JWT_ISSUER_URI", "LEDGER_CHECKPOINT_KEY_FILES", "set them").doesNotContain("\n"));
    }

    @Test
    void anEmptyDatabaseUrlIsMissingToo() {
        MockEnvironment environment = prod()
                .withProperty(RequiredSettingsCheck.DATABASE_URL, " ")
                .withProperty(RequiredSettingsCheck.ISSUER_URI, "https://issuer.example")
                .withProperty(RequiredSettingsCheck.CHECKPOINT_KEYS, "/run/secrets/checkpoint.key");
        assertThat(RequiredSettingsCheck.problem(environment, true)).hasValueSatisfying(message -> assertThat(message)
                .contains("LEDGER_DB_URL").doesNotContain("LEDGER_JWT_ISSUER_URI").doesNotContain("LEDGER_CHECKPOINT_KEY_FILES"));
    }

    @Test
    void anIssuerPlaceholderWithItsVariableUnsetIsMissingRatherThanAnError() {
        MockEnvironment environment = prod()
                .withProperty(RequiredSettingsCheck.DATABASE_URL, "jdbc:postgresql://db/ledger")
                .withProperty(RequiredSettingsCheck.ISSUER_URI, "${LEDGER_JWT_ISSUER_URI}");
        assertThat(RequiredSettingsCheck.problem(environment, true)).hasValueSatisfying(message -> assertThat(message)
                .contains("LEDGER_JWT_ISSUER_URI").doesNotContain("LEDGER_DB_URL"));
    }

    @Test
    void prodWithAllThreeStarts() {
        MockEnvironment environment = prod()
                .withProperty(RequiredSettingsCheck.DATABASE_URL, "jdbc:postgresql://db/ledger")
                .withProperty(RequiredSettingsCheck.ISSUER_URI, "https://issuer.example");
        assertThat(RequiredSettingsCheck.problem(environment, true)).hasValueSatisfying(message -> assertThat(message)
                .contains("LEDGER_CHECKPOINT_KEY_FILES", "keygen").doesNotContain("LEDGER_DB_URL"));
        environment.withProperty(RequiredSettingsCheck.CHECKPOINT_KEYS, "/run/secrets/checkpoint.key");
        assertThat(RequiredSettingsCheck.problem(environment, true)).isEmpty();
    }

    @Test
    void theDefaultProfileNeedsNeitherItHasTheEmbeddedDatabaseAndDemoUsers() {
        assertThat(RequiredSettingsCheck.problem(new MockEnvironment(), true)).isEmpty();
    }

    @Test
    void withoutTheEmbeddedDatabaseEveryProfileNeedsTheDatabaseUrl() {
        assertThat(RequiredSettingsCheck.problem(new MockEnvironment(), false)).hasValueSatisfying(message -> assertThat(message)
                .contains("LEDGER_DB_URL", "production build").doesNotContain("\n"));
        MockEnvironment given = new MockEnvironment().withProperty(RequiredSettingsCheck.DATABASE_URL, "jdbc:postgresql://db/ledger");
        assertThat(RequiredSettingsCheck.problem(given, false)).isEmpty();
    }

    @Test
    void theTestClasspathCarriesTheEmbeddedDatabaseForThisPlatform() {
        assertThat(RequiredSettingsCheck.embeddedPostgresIncluded()).isTrue();
    }

    @Test
    void onlyAMissingSettingIsReportedAsItsOneLine() {
        MissingSettingReporter reporter = new MissingSettingReporter();
        assertThat(reporter.reportException(new MissingSettingException("set LEDGER_DB_URL"))).isTrue();
        assertThat(reporter.reportException(new IllegalStateException("anything else"))).isFalse();
        assertThat(new MissingSettingException("x").getStackTrace()).isEmpty();
        assertThat(new MissingSettingException("x").getExitCode()).isEqualTo(78);
    }
}
