package org.coordination.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A token's subject is recorded as the principal of every event its commands write: up to OpenID Connect's 255
 * characters, and text an auditor can read back and the store can take in an event's metadata (PostgreSQL's jsonb
 * refuses {@code \u0000}; a lone surrogate is not text).
 */
class RecordablePrincipalTest {

    @Test
    void aSubjectIsRecordableWhenItIsReadableTextOfAtMost255Characters() {
        assertThat(SecurityConfiguration.recordable("budi@idn")).isTrue();
        assertThat(SecurityConfiguration.recordable("s".repeat(255))).isTrue();
        assertThat(SecurityConfiguration.recordable("ayşe@tür 😀")).as("letters of any script, a pair of surrogates").isTrue();

        assertThat(SecurityConfiguration.recordable(null)).isFalse();
        assertThat(SecurityConfiguration.recordable(" ")).isFalse();
        assertThat(SecurityConfiguration.recordable("s".repeat(256))).isFalse();
        assertThat(SecurityConfiguration.recordable("nul\u0000sub")).isFalse();
        assertThat(SecurityConfiguration.recordable("line\nbreak")).isFalse();
        assertThat(SecurityConfiguration.recordable("del\u007fsub")).isFalse();
        assertThat(SecurityConfiguration.recordable("half\uD800sub")).as("a lone high surrogate").isFalse();
        assertThat(SecurityConfiguration.recordable("\uDC00sub")).as("a lone low surrogate").isFalse();
    }
}
