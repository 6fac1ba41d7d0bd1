package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link IssuerUnreachableIT} with the key set's URI configured as well: the decoder is built at start
 * without asking the issuer, and fails when it fetches the keys to check a token's signature (Spring
 * Security's AuthenticationServiceException, which its bearer token filter rethrows).
 */
class JwkSetUnreachableIT extends IssuerUnreachableIT {

    @DynamicPropertySource
    static void unreachableKeySet(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + CLOSED_PORT + "/realms/ledger/protocol/openid-connect/certs");
    }

    @Override
    void theDecoderIsTheOneUnderTest() {
        assertThat(decoder).isInstanceOf(NimbusJwtDecoder.class);
    }
}
