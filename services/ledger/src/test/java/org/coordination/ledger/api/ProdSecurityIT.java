package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpRequest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.testsupport.CheckpointKeys;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.OidcIssuerStub;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.security.config.BeanIds;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The prod profile: bearer JWTs with roles and nation/party claims, no demo users. The issuer is
 * stood in for by a key pair made here; everything else is the service as deployed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"LEDGER_JWT_ISSUER_URI=https://issuer.invalid/realms/ledger", "LEDGER_OIDC_CLIENT_ID=ledger-console",
                "LEDGER_OIDC_CLIENT_SECRET=console-secret", "LEDGER_CONSOLE_SECURE_COOKIE=false"})
@ActiveProfiles("prod")
class ProdSecurityIT {

    static final KeyPair KEYS = keys();
    static final OidcIssuerStub OIDC = oidc();

    static OidcIssuerStub oidc() {
        try {
            return new OidcIssuerStub("ledger-console");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.registerServer(registry);
        CheckpointKeys.register(registry); // prod signs checkpoints only with a key from a file
        registry.add("LEDGER_OIDC_ISSUER_URI", OIDC::issuer); // the console's sign-in
    }

    @TestConfiguration
    static class Issuer {
        @Bean
        JwtDecoder jwtDecoder() {
            return NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEYS.getPublic()).build();
        }

        @Bean
        HandlerLookups handlerLookups() {
            return new HandlerLookups();
        }
    }

    /**
     * A Spring MVC handler mapping asked first, that finds no handler and counts how often each path is looked up:
     * the {@code DispatcherServlet} asks every mapping in order, and so does any lookup made outside it.
     */
    static final class HandlerLookups implements HandlerMapping, Ordered {
        final Map<String, AtomicInteger> byPath = new ConcurrentHashMap<>();

        @Override
        public HandlerExecutionChain getHandler(HttpServletRequest request) {
            byPath.computeIfAbsent(request.getRequestURI(), path -> new AtomicInteger()).incrementAndGet();
            return null;
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    @Autowired
    HandlerLookups handlerLookups;

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token(String subject, Map<String, Object> claims) throws Exception {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
        jwt.sign(new RSASSASigner(KEYS.getPrivate()));
        return jwt.serialize();
    }

    Answer command(LedgerClient ledger, String token, String command, String body) {
        return ledger.command(null, command, body, Map.of("Authorization", "Bearer " + token));
    }

    @Test
    void bearerTokensCarryRolesAndBindingsAndDemoUsersDoNotExist() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-force", "{}").status()).as("no demo users in prod").isEqualTo(401);

        String coordinator = token("alice@cmcc", Map.of("roles", List.of("COORDINATOR")));
        assertThat(command(ledger, coordinator, "establish-force", """
                {"forceId":"isf","name":"ISF","politicalAuthority":"Board of Peace","leadNation":"USA","commandModel":"LEAD_NATION",
                 "plannedStrength":1000,"mandateId":"m"}""").status()).isEqualTo(200);

        String liaisonIdn = token("budi@idn", Map.of("roles", List.of("LIAISON"), "nation", "IDN"));
        String pledge = """
                {"contributionId":"isf-idn","forceId":"isf","nation":"IDN","units":[{"requirementLine":"inf","type":"Infantry","personnel":10}],
                 "readiness":"L1","authorityOffered":"TACON"}""";
        assertThat(command(ledger, coordinator, "join-force", pledge).status()).as("a coordinator is no liaison").isEqualTo(403);
        String liaisonTur = token("ayse@tur", Map.of("roles", List.of("LIAISON"), "nation", "TUR"));
        assertThat(command(ledger, liaisonTur, "join-force", pledge).status()).as("acting for another nation").isEqualTo(403);
        assertThat(command(ledger, liaisonIdn, "join-force", pledge).status()).isEqualTo(200);

        Answer forged = command(ledger, liaisonIdn + "x", "withdraw-contribution", "{\"contributionId\":\"isf-idn\",\"reason\":\"r\"}");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.header("WWW-Authenticate")).startsWith("Bearer");

        // the store writes the timeline with the events: there when the command is answered
        Answer timeline = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/timeline?aggregateId=isf-idn"))
                .header("Authorization", "Bearer " + liaisonIdn).build());
        assertThat(timeline.status()).isEqualTo(200);
        assertThat(timeline.json().get("entries").get(0).get("principal").asText()).isEqualTo("budi@idn");
        assertThat(timeline.json().get("entries").get(0).get("role").asText()).isEqualTo("LIAISON");
    }

    /**
     * A principal is the token's subject, which OpenID Connect allows up to 255 characters: such a subject is recorded
     * (in the timeline and with an Idempotency-Key, columns that held 128), a longer or missing one, or one with a control
     * character (which the store could not take in an event's metadata: a 500), is refused with 401 before anything is
     * written. An unpaired surrogate cannot be sent this way (the token's JSON is UTF-8): {@code RecordablePrincipalTest}.
     */
    @Test
    void aSubjectUpTo255CharactersIsRecordedAndALongerOneRefused() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        String longest = "s".repeat(245) + "@cmcc.test";
        String coordinator = token(longest, Map.of("roles", List.of("COORDINATOR")));
        Answer established = ledger.command(null, "establish-force", """
                {"forceId":"long-sub","name":"ISF","politicalAuthority":"Board of Peace","leadNation":"USA","commandModel":"LEAD_NATION",
                 "plannedStrength":1000,"mandateId":"m"}""", Map.of("Authorization", "Bearer " + coordinator, "Idempotency-Key", "long-sub-1"));
        assertThat(established.status()).as(established.toString()).isEqualTo(200);
        Answer timeline = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/timeline?aggregateId=long-sub"))
                .header("Authorization", "Bearer " + coordinator).build());
        assertThat(timeline.json().get("entries").get(0).get("principal").asText()).isEqualTo(longest);

        for (String subject : java.util.Arrays.asList("s".repeat(256), " ", null, "nul\u0000sub", "tab\tsub")) {
            String refused = token(subject, Map.of("roles", List.of("COORDINATOR")));
            Answer answer = ledger.command(null, "establish-force", """
                    {"forceId":"too-long-sub","name":"ISF","politicalAuthority":"Board of Peace","leadNation":"USA","commandModel":"LEAD_NATION",
                     "plannedStrength":1000,"mandateId":"m"}""", Map.of("Authorization", "Bearer " + refused, "Idempotency-Key", "long-sub-2"));
            assertThat(answer.status()).as(subject + ": " + answer).isEqualTo(401);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        }
        Answer notThere = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/forces/too-long-sub")).header("Authorization", "Bearer " + coordinator).build());
        assertThat(notThere.status()).as("nothing refused is written").isEqualTo(404);
    }

    /**
     * The console in prod: no demo users' form, but OpenID Connect with the console's client. A whole sign-in
     * over real HTTP (the provider stood in for by {@link OidcIssuerStub}): the redirect to the provider, the
     * code exchanged for an ID token whose signature, issuer, audience and nonce the ledger checks, and a session
     * whose roles and nation are the token's claims.
     */
    @Test
    void theConsoleSignsPeopleInWithOpenIdConnect() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        Answer console = ledger.get(null, "/");
        assertThat(console.status()).isEqualTo(302);
        assertThat(console.header("Location")).endsWith("/login");
        Answer login = ledger.get(null, "/login");
        assertThat(login.body()).contains("/oauth2/authorization/ledger").contains("action=\"/login\" hidden")
                .as("the demo users are not offered").doesNotContain("Demo users").doesNotContain("liaison-usa");

        java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        java.net.http.HttpResponse<String> toProvider = browser.send(HttpRequest.newBuilder(ledger.uri("/oauth2/authorization/ledger")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(toProvider.statusCode()).isEqualTo(302);
        java.net.URI authorize = java.net.URI.create(toProvider.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(OIDC.issuer() + "/authorize?").contains("client_id=ledger-console").contains("scope=openid");
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : authorize.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(query.get("redirect_uri")).isEqualTo(ledger.uri("/login/oauth2/code/ledger").toString());

        OIDC.authorize("code-1", "tariq@mfa.gov.tr", query.get("nonce"), Map.of("roles", List.of("LIAISON"), "nation", "TUR"));
        java.net.http.HttpResponse<String> back = browser.send(HttpRequest.newBuilder(java.net.URI.create(
                query.get("redirect_uri") + "?code=code-1&state=" + java.net.URLEncoder.encode(query.get("state"), java.nio.charset.StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location").orElseThrow()).doesNotContain("error");

        java.net.http.HttpResponse<String> me = browser.send(HttpRequest.newBuilder(ledger.uri("/api/v1/me")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode caller = new com.fasterxml.jackson.databind.ObjectMapper().readTree(me.body());
        assertThat(caller.get("name").asText()).isEqualTo("tariq@mfa.gov.tr");
        assertThat(caller.get("nation").asText()).isEqualTo("TUR");
        assertThat(caller.get("roles").toString()).isEqualTo("[\"LIAISON\"]");

        // a second code for the same sign-in is refused: the provider's codes and the ledger's state are single use
        java.net.http.HttpResponse<String> replayed = browser.send(HttpRequest.newBuilder(java.net.URI.create(
                query.get("redirect_uri") + "?code=code-1&state=" + java.net.URLEncoder.encode(query.get("state"), java.nio.charset.StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.headers().firstValue("Location").orElse("")).contains("error");
    }

    /**
     * Spring Security matches paths itself (path patterns) and the handler of a request is looked up once, by the
     * {@code DispatcherServlet}: Spring Security 6.5 would otherwise look it up a second time before its chain
     * (docs/benchmarks.md, change 62).
     */
    @Test
    void eachRequestsHandlerIsLookedUpOnceWithTheRulesUnchanged() throws Exception {
        assertThat(context.getBean(BeanIds.SPRING_SECURITY_FILTER_CHAIN)).as("the chain itself, unwrapped").isInstanceOf(FilterChainProxy.class);
        LedgerClient ledger = new LedgerClient(port);
        String viewer = token("vera@cmcc", Map.of("roles", List.of("VIEWER")));
        String auditor = token("aude@cmcc", Map.of("roles", List.of("AUDITOR")));

        // the other tests of this class read the timeline too
        int before = handlerLookups.byPath.containsKey("/api/v1/timeline") ? handlerLookups.byPath.get("/api/v1/timeline").get() : 0;
        assertThat(ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/timeline?aggregateId=lookups-once"))
                .header("Authorization", "Bearer " + viewer).build()).status()).isEqualTo(200);
        assertThat(handlerLookups.byPath.get("/api/v1/timeline")).hasValue(before + 1);

        assertThat(ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/replays/no-such-replay"))
                .header("Authorization", "Bearer " + viewer).build()).status()).as("audit needs AUDITOR").isEqualTo(403);
        assertThat(handlerLookups.byPath.get("/api/v1/audit/replays/no-such-replay")).as("refused before Spring MVC").isNull();
        assertThat(ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/audit/replays/no-such-replay"))
                .header("Authorization", "Bearer " + auditor).build()).status()).isNotIn(401, 403);
        assertThat(handlerLookups.byPath.get("/api/v1/audit/replays/no-such-replay")).hasValue(1);
        assertThat(ledger.raw(HttpRequest.newBuilder(ledger.uri("/internal/anything"))
                .header("Authorization", "Bearer " + auditor).build()).status()).as("any other path is denied").isEqualTo(403);
    }

    @Test
    void theApiDocumentationIsForAuthenticatedCallersOnlyInProd() throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        assertThat(ledger.get(null, "/v3/api-docs").status()).isEqualTo(401);
        assertThat(ledger.get(null, "/swagger-ui.html").status()).isEqualTo(401);
        assertThat(ledger.get(null, "/actuator/health").status()).as("the probe stays public").isEqualTo(200);
        String viewer = token("vera@cmcc", Map.of("roles", List.of("VIEWER")));
        assertThat(ledger.raw(HttpRequest.newBuilder(ledger.uri("/v3/api-docs")).header("Authorization", "Bearer " + viewer).build())
                .status()).isEqualTo(200);
    }
}
