package org.coordination.ledger.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Profile;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.stereotype.Component;

/**
 * The console's sign-in in {@code prod}: OpenID Connect against {@code LEDGER_OIDC_ISSUER_URI} with the
 * console's client ({@code LEDGER_OIDC_CLIENT_ID}, {@code LEDGER_OIDC_CLIENT_SECRET}). The ID token carries
 * the same claims as the API's bearer tokens ({@code roles}, {@code nation}, {@code party}), so a person has
 * the same roles in the console as with the API. The issuer's metadata is fetched when someone first signs in,
 * not at start: an issuer that is down must not keep the ledger (and its API) from starting.
 */
@Component
@Profile("prod")
@ConditionalOnExpression("'${ledger.console.oidc.client-id:}' != ''")
class ConsoleSignIn {

    static final String REGISTRATION = "ledger";

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private volatile ClientRegistration registration;

    ConsoleSignIn(@Value("${ledger.console.oidc.issuer-uri}") String issuer, @Value("${ledger.console.oidc.client-id}") String clientId,
                  @Value("${ledger.console.oidc.client-secret:}") String clientSecret) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    ClientRegistrationRepository registrations() {
        return id -> REGISTRATION.equals(id) ? registration() : null;
    }

    private ClientRegistration registration() {
        ClientRegistration known = registration;
        if (known == null) {
            known = ClientRegistrations.fromIssuerLocation(issuer).registrationId(REGISTRATION)
                    .clientId(clientId).clientSecret(clientSecret).scope("openid", "profile").build();
            registration = known; // the issuer's published metadata, not ledger state
        }
        return known;
    }

    /** The roles and binding of the ID token's claims, as {@link SecurityConfiguration#authorities} reads a bearer token's. */
    static Collection<? extends GrantedAuthority> authorities(Collection<? extends GrantedAuthority> granted) {
        Set<GrantedAuthority> mapped = new LinkedHashSet<>();
        for (GrantedAuthority authority : granted) {
            if (authority instanceof OidcUserAuthority oidc) {
                if (!SecurityConfiguration.recordable(oidc.getIdToken().getSubject())) {
                    // a sign-in refused (back to the sign-in page) rather than a session the database cannot store
                    throw new OAuth2AuthenticationException(new OAuth2Error("invalid_id_token",
                            "The ID token's subject (sub) must be 1 to " + SecurityConfiguration.MAX_PRINCIPAL + " characters", null));
                }
                mapped.addAll(SecurityConfiguration.authorities(oidc.getIdToken()));
            }
        }
        return mapped;
    }
}
