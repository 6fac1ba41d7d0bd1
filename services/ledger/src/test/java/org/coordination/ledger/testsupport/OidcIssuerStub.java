package org.coordination.ledger.testsupport;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect provider for tests, over real HTTP: discovery, a key set, and a token endpoint that
 * answers an authorization code with an ID token signed by its own key. The test plays the person at the
 * provider's login page: {@link #authorize} says who signs in for a given nonce, as the provider would once
 * the person has typed their password.
 */
public final class OidcIssuerStub implements AutoCloseable {

    private final HttpServer server;
    private final KeyPair keys;
    private final String clientId;
    private final Map<String, Map<String, Object>> codes = new ConcurrentHashMap<>();

    public OidcIssuerStub(String clientId) throws Exception {
        this.clientId = clientId;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.keys = generator.generateKeyPair();
        this.server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/.well-known/openid-configuration", exchange -> json(exchange, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token","jwks_uri":"%1$s/jwks",
                 "response_types_supported":["code"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"],
                 "token_endpoint_auth_methods_supported":["client_secret_basic"]}""".formatted(issuer())));
        server.createContext("/jwks", exchange -> json(exchange,
                new JWKSet(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID("stub").build()).toString()));
        server.createContext("/token", this::token);
        server.start();
    }

    public String issuer() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** The person signed in at the provider: the code it hands back names them, with these claims, for this nonce. */
    public void authorize(String code, String subject, String nonce, Map<String, Object> claims) {
        Map<String, Object> all = new java.util.HashMap<>(claims);
        all.put("sub", subject);
        all.put("nonce", nonce);
        codes.put(code, all);
    }

    private void token(HttpExchange exchange) throws IOException {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String code = java.util.Arrays.stream(form.split("&")).filter(pair -> pair.startsWith("code="))
                .map(pair -> java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8)).findFirst().orElse("");
        Map<String, Object> claims = codes.remove(code);
        if (claims == null) {
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
        }
        try {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer(issuer()).audience(clientId)
                    .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
            claims.forEach(builder::claim);
            SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stub").build(), builder.build());
            idToken.sign(new RSASSASigner(keys.getPrivate()));
            json(exchange, """
                    {"access_token":"stub-access-token","token_type":"Bearer","expires_in":300,"scope":"openid profile","id_token":"%s"}"""
                    .formatted(idToken.serialize()));
        } catch (com.nimbusds.jose.JOSEException failure) {
            throw new IOException(failure);
        }
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
