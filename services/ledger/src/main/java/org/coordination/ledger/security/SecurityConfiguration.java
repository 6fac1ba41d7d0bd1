package org.coordination.ledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.coordination.ledger.problem.ProblemMapper;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.core.env.Environment;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.oauth2.core.ClaimAccessor;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;

/**
 * docs/api.md, "Who may do what": HTTP Basic against demo users in the default profile, OAuth2 bearer JWTs
 * in {@code prod}. Health (its status; details for OPERATOR and AUDITOR, see application.yml) is public;
 * the OpenAPI document and Swagger UI are public by default and for authenticated callers in {@code prod};
 * audit needs AUDITOR; metrics need OPERATOR, AUDITOR or
 * COORDINATOR; every other read needs any authenticated user; commands are checked per command by the
 * command endpoint.
 * 401 and 403 are problem documents like every other error. The web console (docs/console.md) signs people
 * in with a session instead, in its own chain.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication // tools and benchmarks run the ledger without a web server
class SecurityConfiguration {

    /**
     * The console's chain: its pages, its sign-in and sign-out, and the API calls its page makes with the
     * session cookie (no {@code Authorization} header). Sessions here, and CSRF tokens for every request that
     * changes something: a cookie rides along on cross-site requests, a header does not. Everything else
     * (any request with an {@code Authorization} header, or without a session) goes to {@link #api}.
     */
    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, ObjectMapper json, Environment environment,
                                ObjectProvider<ConsoleSignIn> oidc) throws Exception {
        boolean prod = environment.matchesProfiles("prod");
        AuthenticationEntryPoint apiEntryPoint = (request, response, failure) -> write(json, response, ProblemMapper.problem(
                HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated", "Your console session has ended; sign in again"));
        http.securityMatcher(ConsoleRequests::matches)
                .csrf(Customizer.withDefaults())
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(ConsoleRequests.PUBLIC).permitAll();
                    requests.requestMatchers(ConsoleRequests.PAGES).authenticated();
                    rules(requests, prod);
                })
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(apiEntryPoint, request -> RoutedPath.isApi(request))
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(ConsoleRequests.LOGIN), request -> true)
                        .accessDeniedHandler((request, response, failure) -> {
                            if (failure instanceof CsrfException) {
                                write(json, response, ProblemMapper.problem(HttpStatus.FORBIDDEN, "csrf-token-invalid", "CSRF token missing or invalid",
                                        "The console's request did not carry its session's CSRF token (X-CSRF-TOKEN); reload the page"));
                            } else {
                                forbidden(json).handle(request, response, failure);
                            }
                        }))
                .headers(headers -> headers
                        // the console loads nothing from elsewhere: no CDN, no web fonts, no inline script
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; img-src 'self' data:; "
                                + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'")))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl(ConsoleRequests.LOGIN + "?signedOut"));
        if (prod) {
            ConsoleSignIn signIn = oidc.getIfAvailable();
            if (signIn != null) { // without an OIDC client the console has no sign-in in prod; the API works as before
                http.oauth2Login(login -> login.loginPage(ConsoleRequests.LOGIN)
                        .clientRegistrationRepository(signIn.registrations())
                        .userInfoEndpoint(user -> user.userAuthoritiesMapper(ConsoleSignIn::authorities))
                        .defaultSuccessUrl("/", false));
            }
        } else {
            http.formLogin(form -> form.loginPage(ConsoleRequests.LOGIN).defaultSuccessUrl("/", false)
                    .failureUrl(ConsoleRequests.LOGIN + "?failed").permitAll());
        }
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, Environment environment) throws Exception {
        boolean prod = environment.matchesProfiles("prod");
        http.csrf(csrf -> csrf.disable()) // a stateless API that reads no cookies: nothing for CSRF to ride on
                // no session made, and none touched: a Basic or bearer call that carries the console's cookie had the
                // session's id changed (Spring Security's protection against session fixation, on by default even here),
                // which signed that console out
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .authorizeHttpRequests(requests -> rules(requests, prod))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthenticated(json, prod))
                        .accessDeniedHandler(forbidden(json)));
        if (prod) {
            http.oauth2ResourceServer(oauth -> oauth
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(jwtAuthentication()))
                    .authenticationEntryPoint(unauthenticated(json, true)));
            http.addFilterBefore(new IssuerUnavailableFilter(json), BearerTokenAuthenticationFilter.class);
        } else {
            http.httpBasic(basic -> basic.authenticationEntryPoint(unauthenticated(json, false)));
        }
        return http.build();
    }

    /** Who may read what: the same for an API caller and for the console's page. */
    private static void rules(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry requests,
                              boolean prod) {
        requests
                // a server-sent event stream's later dispatches carry the authentication of the request that opened it
                .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                // the API's documentation is public on a developer's machine only; in prod it is for authenticated callers
                .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                .access((authentication, context) -> new org.springframework.security.authorization.AuthorizationDecision(
                        !prod || isAuthenticated(authentication.get())))
                .requestMatchers("/api/v1/audit/**").hasRole(Role.AUDITOR.name())
                // any method, not GET and POST alone: outside the audit paths the API offers only reads (GET, and HEAD,
                // which Spring MVC answers as GET without the body) and commands (POST, checked per command by the command
                // endpoint), so any other method reaches Spring MVC only to be answered 405 with Allow, as on the audit
                // paths, instead of a 403 saying the caller's role lacks something no role has.
                // AuthorizationIT.noHandlerOutsideTheAuditPathsTakesAnotherMethod keeps it so.
                .requestMatchers("/api/v1/**").authenticated()
                .requestMatchers("/actuator/**").hasAnyRole(Role.AUDITOR.name(), Role.COORDINATOR.name(), Role.OPERATOR.name())
                .anyRequest().denyAll();
    }

    /**
     * Spring Security's own observations not made at all where they are switched off
     * ({@code management.observations.enable.spring.security: false}, application.yml; on in the {@code axon-defaults}
     * profile, as Spring Boot's default). Switched off, each was a no-op, yet the chain was still decorated to make
     * them: a context per filter, per authentication and per authorization around every request, about 3 % of the
     * request threads' CPU samples at 32 clients (docs/benchmarks.md, change 59). With these settings it is not.
     */
    @Bean
    @ConditionalOnProperty(name = "management.observations.enable.spring.security", havingValue = "false")
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Request paths matched as parsed {@code PathPattern}s, the way Spring MVC itself matches its mappings, with no
     * Spring MVC lookup per request ({@code requestMatchers(String…)} would otherwise make {@code MvcRequestMatcher}s,
     * which ask Spring MVC's {@code HandlerMappingIntrospector} for each request). Spring Security 7's default.
     */
    @Bean
    PathPatternRequestMatcherBuilderFactoryBean requestMatcherBuilder() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** With path patterns nothing reads the handler lookup Spring Security makes before its chain: see the class. */
    @Bean
    static IntrospectorCacheFilterRemoval introspectorCacheFilterRemoval() {
        return new IntrospectorCacheFilterRemoval();
    }

    /** A path the firewall refuses (../, encoded slashes, …) is a 400 problem document like any other refusal. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, rejected) -> write(json, response, ProblemMapper.problem(HttpStatus.BAD_REQUEST, "request-rejected",
                "Request rejected", "The request path or headers are not acceptable"));
    }

    private static boolean isAuthenticated(org.springframework.security.core.Authentication authentication) {
        return authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken);
    }

    /**
     * The longest principal the ledger records (OpenID Connect's limit for {@code sub}): the idempotency records, the
     * alerts and the console's sessions keep it in columns of this width.
     */
    static final int MAX_PRINCIPAL = 255;

    /** JWT claims: {@code roles} (list), {@code nation} (liaisons), {@code party} (parties); the console's OIDC ID tokens carry the same. */
    static Converter<Jwt, AbstractAuthenticationToken> jwtAuthentication() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::authorities);
        converter.setPrincipalClaimName("sub");
        return jwt -> {
            if (!recordable(jwt.getSubject())) {
                // refused here (401) rather than failing where the principal is first written: a 500, or an event whose
                // metadata the store's timeline trigger cannot read as JSON (PostgreSQL's jsonb refuses \u0000)
                throw new InvalidBearerTokenException("The token's subject (sub) must be 1 to " + MAX_PRINCIPAL
                        + " characters, without control characters or unpaired surrogates");
            }
            return converter.convert(jwt);
        };
    }

    /** Whether a token's subject can be recorded as a principal: text an auditor can read back, which the store takes. */
    static boolean recordable(String subject) {
        return subject != null && !subject.isBlank() && subject.length() <= MAX_PRINCIPAL
                && subject.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE);
    }

    static Collection<GrantedAuthority> authorities(ClaimAccessor jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        List<String> roles = jwt.getClaimAsStringList("roles");
        if (roles != null) {
            roles.forEach(role -> authorities.add(new SimpleGrantedAuthority(Actor.ROLE_PREFIX + role.toUpperCase())));
        }
        String nation = jwt.getClaimAsString("nation");
        if (nation != null) {
            authorities.add(new SimpleGrantedAuthority(Actor.NATION_PREFIX + nation.toUpperCase()));
        }
        String party = jwt.getClaimAsString("party");
        if (party != null) {
            authorities.add(new SimpleGrantedAuthority(Actor.PARTY_PREFIX + party.toUpperCase()));
        }
        return authorities;
    }

    static AuthenticationEntryPoint unauthenticated(ObjectMapper json, boolean bearer) {
        return (request, response, failure) -> {
            response.setHeader("WWW-Authenticate", bearer ? "Bearer" : "Basic realm=\"coordination-ledger\"");
            write(json, response, ProblemMapper.problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
                    "Authenticate to use the ledger's API"));
        };
    }

    static AccessDeniedHandler forbidden(ObjectMapper json) {
        return (request, response, failure) -> write(json, response, ProblemMapper.problem(HttpStatus.FORBIDDEN, "forbidden",
                "Forbidden", "Your role does not allow " + request.getMethod() + " " + request.getRequestURI()));
    }

    private static void write(ObjectMapper json, HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
