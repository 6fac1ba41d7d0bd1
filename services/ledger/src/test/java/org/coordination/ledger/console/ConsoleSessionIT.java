package org.coordination.ledger.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's session over plain HTTP: signing in, the CSRF token a cookie-borne command needs (and a
 * forged one refused with nothing written), the API's Basic callers untouched by any cookie, the session kept
 * in PostgreSQL, and the endpoints the console reads ({@code me}, {@code directory}, {@code live},
 * {@code audit/processors}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleSessionIT {

    static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    static final Pattern CSRF_META = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    LiveUpdates liveUpdates;

    @Test
    void aSignedInPageIssuesCommandsWithItsCsrfTokenAndAForgedRequestWritesNothing() throws Exception {
        HttpClient browser = browser();
        assertThat(send(browser, get("/")).statusCode()).as("signed out: sent to sign in").isEqualTo(302);
        String token = signIn(browser, "coordinator");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = 'coordinator'", Long.class))
                .as("the session is kept in the database, for every instance").isEqualTo(1);

        long before = events();
        HttpResponse<String> forged = send(browser, command("establish-command-structure", structure("forged"), null));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(forged.body()).get("type").asText()).endsWith(":csrf-token-invalid");
        assertThat(forged.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(events()).as("a refused request writes nothing").isEqualTo(before);

        HttpResponse<String> accepted = send(browser, command("establish-command-structure", structure("cmcc"), token));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(events()).isEqualTo(before + 1);
        JsonNode event = JSON.readTree(new LedgerClient(port).get("auditor", "/api/v1/audit/events?limit=1").body()).get("events").get(0);
        assertThat(event.get("metadata").get("principal").asText()).as("the console's user is the principal").isEqualTo("coordinator");

        // the page's reads ride on the session too
        JsonNode me = JSON.readTree(send(browser, get("/api/v1/me")).body());
        assertThat(me.get("name").asText()).isEqualTo("coordinator");
        assertThat(me.get("commands").findValuesAsText("name")).contains("appoint-lead").doesNotContain("authorize-mandate", "join-force");
        JsonNode directory = JSON.readTree(send(browser, get("/api/v1/directory?minPosition=" + JSON.readTree(accepted.body()).get("position"))).body());
        assertThat(JSON.convertValue(directory.get("command-structure"), java.util.List.class)).contains("cmcc");

        // signed out, the session's cookie no longer authenticates anything
        HttpResponse<String> out = send(browser, HttpRequest.newBuilder(uri("/logout")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + token)).build());
        assertThat(out.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login?signedOut"));
        assertThat(send(browser, get("/api/v1/me")).statusCode()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE principal_name = 'coordinator'", Long.class)).isZero();
    }

    @Test
    void apiCallersNeedNoCsrfTokenAndGetNoSession() throws Exception {
        LedgerClient api = new LedgerClient(port);
        assertThat(api.command("coordinator", "establish-command-structure", structure("basic-callers")).status()).isEqualTo(200);
        HttpClient browser = browser();
        signIn(browser, "registrar");
        // Basic credentials beside a registrar's session cookie: the API's chain, stateless, no CSRF token, the Basic user acting
        HttpResponse<String> basic = send(browser, HttpRequest.newBuilder(uri("/api/v1/commands/attach-staff"))
                .header("Authorization", LedgerClient.basic("coordinator")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"structureId\":\"basic-callers\",\"nation\":\"USA\",\"personnel\":1}")).build());
        assertThat(basic.statusCode()).as(basic.body()).isEqualTo(200);
        assertThat(basic.headers().allValues("Set-Cookie")).as("the Basic call touched no session").isEmpty();
        HttpResponse<String> stillSignedIn = send(browser, get("/api/v1/me"));
        assertThat(stillSignedIn.statusCode()).as("the registrar's session outlives a Basic call that carried its cookie").isEqualTo(200);
        assertThat(JSON.readTree(stillSignedIn.body()).get("name").asText()).isEqualTo("registrar");
        LedgerClient.Answer me = api.get("registrar", "/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("Set-Cookie"));
        assertThat(me.json().get("commands").findValuesAsText("name")).containsExactly("authorize-mandate", "extend-mandate", "amend-mandate", "end-mandate");
        assertThat(api.get(null, "/api/v1/me").status()).as("no credentials, no cookie: the API's 401").isEqualTo(401);
    }

    /**
     * A session cookie no session could have: Spring Session had asked the session table for what it decodes to, and a
     * NUL byte in it made every request carrying it a 500. It is a session that does not exist.
     */
    @Test
    void aForgedSessionCookieIsASessionThatDoesNotExist() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        for (String forged : java.util.List.of("AAAA", "%%%", "bm90LWEtc2Vzc2lvbg==")) { // NUL bytes, not base64, "not-a-session"
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(uri("/actuator/health")).header("Cookie", "SESSION=" + forged).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(forged + ": " + health.body()).isEqualTo(200);
            HttpResponse<String> basic = client.send(HttpRequest.newBuilder(uri("/api/v1/me")).header("Cookie", "SESSION=" + forged)
                    .header("Authorization", LedgerClient.basic("viewer")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(basic.statusCode()).as(forged + ": " + basic.body()).isEqualTo(200);
            assertThat(JSON.readTree(basic.body()).get("name").asText()).isEqualTo("viewer");
            HttpResponse<String> cookieOnly = client.send(HttpRequest.newBuilder(uri("/api/v1/me")).header("Cookie", "SESSION=" + forged).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(cookieOnly.statusCode()).as(forged + ": " + cookieOnly.body()).isEqualTo(401);
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(uri("/")).header("Cookie", "SESSION=" + forged).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).as(forged + ": sent to sign in").isEqualTo(302);
        }
    }

    /** HEAD on the stream had opened one, whose events the container discarded, kept for thirty minutes. */
    @Test
    void headOnTheLiveStreamOpensNoStream() throws Exception {
        int before = liveUpdates.openStreams();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/v1/live"))
                    .header("Authorization", LedgerClient.basic("viewer")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        }
        assertThat(liveUpdates.openStreams()).isEqualTo(before);
    }

    @Test
    void theLiveStreamSaysWhereTheReadModelsAre() throws Exception {
        HttpRequest live = HttpRequest.newBuilder(uri("/api/v1/live")).header("Authorization", LedgerClient.basic("viewer")).GET().build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(live, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            long first = position(lines);
            LedgerClient.Answer established = new LedgerClient(port).command("coordinator", "establish-command-structure", structure("live-test"));
            assertThat(established.status()).as(established.body()).isEqualTo(200);
            long written = established.json().get("position").asLong();
            assertThat(written).isGreaterThan(first);
            // the stream moves on as the read models fold the new event; a stream that stays silent fails here
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (long seen = first; seen < written; ) {
                    seen = position(lines);
                }
            });
        }
    }

    /** A page's open stream must not hold the web server's graceful shutdown: the streams end before it begins. */
    @Test
    void stoppingEndsTheOpenStreams() throws Exception {
        HttpRequest live = HttpRequest.newBuilder(uri("/api/v1/live")).header("Authorization", LedgerClient.basic("viewer")).GET().build();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(live, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            position(lines);
            assertThat(liveUpdates.getPhase()).as("stopped before the web server's graceful shutdown")
                    .isGreaterThan(org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
            java.util.concurrent.CompletableFuture<String> rest = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    StringBuilder read = new StringBuilder();
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        read.append(line).append('\n');
                    }
                    return read.toString();
                } catch (IOException ended) {
                    return "ended: " + ended;
                }
            });
            liveUpdates.stop();
            // the read above returns when the server ends the stream; an event stored just before the stop may still have
            // been sent, so what was read is not checked, only that the stream ended
            assertThat(rest).as("the stream ended").succeedsWithin(java.time.Duration.ofSeconds(5));
        } finally {
            liveUpdates.start();
        }
    }

    @Test
    void auditorsSeeEachProcessorsLag() {
        LedgerClient api = new LedgerClient(port);
        assertThat(api.get("viewer", "/api/v1/audit/processors").status()).isEqualTo(403);
        JsonNode lag = api.await("auditor", "/api/v1/audit/processors", body -> body.get("processors").size() > 0);
        assertThat(lag.get("processors").findValuesAsText("name")).contains("read-models");
        for (JsonNode processor : lag.get("processors")) {
            assertThat(processor.get("lag").asLong()).isEqualTo(Math.max(0, lag.get("head").asLong() - processor.get("position").asLong()));
        }
    }

    private long position(BufferedReader lines) throws IOException {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("data:")) {
                return Long.parseLong(line.substring(5).trim());
            }
        }
        throw new AssertionError("the live stream ended");
    }

    private HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs in through the form as a browser does; returns the CSRF token the console's page carries. */
    private String signIn(HttpClient browser, String user) throws Exception {
        String loginPage = send(browser, get("/login")).body();
        String loginToken = match(CSRF_FIELD, loginPage);
        HttpResponse<String> signedIn = send(browser, HttpRequest.newBuilder(uri("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user + "&_csrf=" + loginToken)).build());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).doesNotContain("failed"));
        HttpResponse<String> page = send(browser, get("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        return match(CSRF_META, page.body());
    }

    private HttpRequest command(String name, String body, String csrf) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/commands/" + name)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            request.header("X-CSRF-TOKEN", csrf);
        }
        return request.build();
    }

    private static String structure(String id) {
        return "{\"structureId\":\"" + id + "\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}";
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET().build();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group(1);
    }
}
