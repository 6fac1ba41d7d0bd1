package org.coordination.ledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/** The console's OIDC sign-in gives a person the roles and binding their ID token names, as a bearer token would for the API. */
class ConsoleSignInTest {

    @Test
    void anIdTokensClaimsBecomeTheSameRolesAndBindingAsABearerTokens() {
        Collection<? extends GrantedAuthority> mapped = ConsoleSignIn.authorities(List.of(
                new OidcUserAuthority(token(Map.of("sub", "a.liaison", "roles", List.of("liaison"), "nation", "tur"))),
                new SimpleGrantedAuthority("SCOPE_openid")));
        assertThat(mapped).extracting(GrantedAuthority::getAuthority).containsExactlyInAnyOrder("ROLE_LIAISON", "NATION_TUR");
    }

    @Test
    void anIdTokenWithoutRolesGrantsNothing() {
        Collection<? extends GrantedAuthority> mapped = ConsoleSignIn.authorities(List.of(
                new OidcUserAuthority(token(Map.of("sub", "someone"))), new SimpleGrantedAuthority("SCOPE_profile")));
        assertThat(mapped).isEmpty();
    }

    private static OidcIdToken token(Map<String, Object> claims) {
        return new OidcIdToken("id-token", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T01:00:00Z"), claims);
    }
}
