package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.testsupport.CheckpointKeys;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The prod profile with its token issuer unreachable (a closed local port): a bearer token cannot be
 * checked, which is the service's trouble, so 503 with Retry-After, never 500, and nothing written. Here
 * only the issuer URI is configured, as in production: the decoder is built lazily from the issuer's
 * metadata, and fetching that fails ({@link JwkSetUnreachableIT} covers a decoder whose key set fetch fails).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("prod")
class IssuerUnreachableIT {

    static final int CLOSED_PORT = closedPort();

    @DynamicPropertySource
    static void unreachableIssuer(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.registerServer(registry); // prod never starts the embedded database: it is given one, as LEDGER_DB_URL
        CheckpointKeys.register(registry); // prod signs checkpoints only with a key from a file
        registry.add("LEDGER_JWT_ISSUER_URI", () -> "http://127.0.0.1:" + CLOSED_PORT + "/realms/ledger");
    }

    /** A port nothing listens on: bound once by the system's choice, then closed. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JwtDecoder decoder;

    long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    /** Which way the decoder reaches the issuer; each subclass exercises its own. */
    void theDecoderIsTheOneUnderTest() {
        assertThat(decoder).isInstanceOf(SupplierJwtDecoder.class);
    }

    @Test
    void aBearerTokenWhileTheIssuerIsUnreachableIs503WithRetryAfterAndWritesNothing() throws Exception {
        theDecoderIsTheOneUnderTest();
        LedgerClient ledger = new LedgerClient(port);
        String token = ProdSecurityIT.token("alice@cmcc", Map.of("roles", List.of("COORDINATOR")));
        long before = events();
        for (int attempt = 0; attempt < 2; attempt++) { // the lazily built decoder is tried again on each request
            Answer command = ledger.command(null, "establish-command-structure",
                    "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}",
                    Map.of("Authorization", "Bearer " + token));
            assertThat(command.status()).as(command.toString()).isEqualTo(503);
            assertThat(command.header("Content-Type")).startsWith("application/problem+json");
            assertThat(command.header("Retry-After")).isEqualTo("5");
            assertThat(command.json().get("type").asText()).isEqualTo("urn:problem:coordination-ledger:token-issuer-unavailable");
            assertThat(command.json().get("status").asInt()).isEqualTo(503);
        }
        Answer read = ledger.raw(HttpRequest.newBuilder(ledger.uri("/api/v1/timeline")).header("Authorization", "Bearer " + token).build());
        assertThat(read.status()).as(read.toString()).isEqualTo(503);
        assertThat(read.header("Retry-After")).isEqualTo("5");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void withoutATokenNothingNeedsTheIssuer() {
        LedgerClient ledger = new LedgerClient(port);
        Answer anonymous = ledger.get(null, "/api/v1/timeline");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(ledger.get(null, "/actuator/health/readiness").status()).isEqualTo(200);
    }
}
