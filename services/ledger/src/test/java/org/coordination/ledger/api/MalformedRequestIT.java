package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.coordination.ledger.testsupport.RawHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests malformed below the JSON: Content-Types and header values the frameworks choke on, what
 * Tomcat refuses before any servlet runs, and values PostgreSQL cannot store. Each once answered 500, an
 * HTML page, or (worse) was accepted and then stalled the read models; each must be a 4xx problem
 * document that names the header or field where there is one, and write nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    static final String STRUCTURE = "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    LedgerClient ledger;

    @BeforeAll
    void ledgerWithACommandStructure() {
        ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-command-structure", STRUCTURE).status()).isEqualTo(200);
    }

    long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    /** A raw request: the head as a Java string, sent in {@code encoding} (UTF-8 for what careless clients send). */
    RawHttp.Response raw(String method, String path, String user, Map<String, String> headers, String body,
                         java.nio.charset.Charset encoding) {
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (user != null) {
            head.append("Authorization: Basic ").append(Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)))
                    .append("\r\n");
        }
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        return RawHttp.exchange(port, head.toString().getBytes(encoding), bytes);
    }

    static void assertProblem(RawHttp.Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asText()).startsWith("urn:problem:coordination-ledger:");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("errors").get(0).get("field").asText()).as(response.toString()).isEqualTo(field);
        }
    }

    @Test
    void wildcardAndUnparsableContentTypesAre415NamingTheHeaderForEveryCaller() {
        long before = events();
        for (String type : List.of("*/*", "application/*", "*/json", "application/*+json", "not a media type",
                "application/json; charset=no-such-charset")) {
            for (String user : new String[] {"coordinator", "viewer", null}) {
                assertProblem(raw("POST", "/api/v1/commands/establish-command-structure", user, Map.of("Content-Type", type),
                        STRUCTURE.replace("cmcc", "other"), StandardCharsets.UTF_8), 415, "Content-Type");
            }
            assertProblem(raw("POST", "/api/v1/audit/replays", "auditor", Map.of("Content-Type", type), "{\"projections\":[\"all\"]}",
                    StandardCharsets.UTF_8), 415, "Content-Type");
        }
        // a plain wrong type is still checked after the role: a viewer learns nothing about the body
        assertThat(ledger.raw(java.net.http.HttpRequest.newBuilder(ledger.uri("/api/v1/commands/establish-command-structure"))
                .header("Authorization", LedgerClient.basic("viewer")).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(STRUCTURE)).build()).status()).isEqualTo(403);
        assertThat(events()).isEqualTo(before);
    }

    /** A header sent twice is its values joined, as Spring reads it: no key or version, so 400 naming it, and nothing written. */
    @Test
    void anIdempotencyKeyOrIfMatchSentTwiceIs400NamingTheHeader() {
        long before = events();
        String body = STRUCTURE.replace("cmcc", "cmcc-twice");
        // the raw request writes each value as given: a line break and the name make the header's second line
        assertProblem(raw("POST", "/api/v1/commands/establish-command-structure", "coordinator",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "first\r\nIdempotency-Key: second"), body,
                StandardCharsets.UTF_8), 400, "Idempotency-Key");
        assertProblem(raw("POST", "/api/v1/commands/attach-staff", "coordinator",
                Map.of("Content-Type", "application/json", "If-Match", "\"0\"\r\nIf-Match: \"1\""),
                "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":3}", StandardCharsets.UTF_8), 400, "If-Match");
        assertThat(events()).isEqualTo(before);
    }

    /** The frameworks read the first of two: two Authorization headers had acted as whoever came first. */
    @Test
    void aCredentialOrAContentTypeSentTwiceIs400NamingTheHeader() {
        long before = events();
        String body = "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":3}";
        String viewer = "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8));
        assertProblem(raw("POST", "/api/v1/commands/attach-staff", "coordinator", Map.of("Content-Type", "application/json\r\nAuthorization: " + viewer),
                body, StandardCharsets.UTF_8), 400, "Authorization");
        assertProblem(raw("POST", "/api/v1/commands/attach-staff", "coordinator", Map.of("Content-Type", "application/json\r\nContent-Type: text/plain"),
                body, StandardCharsets.UTF_8), 400, "Content-Type");
        assertProblem(raw("POST", "/api/v1/commands/attach-staff", null, Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", "a\r\nX-CSRF-TOKEN: b"),
                body, StandardCharsets.UTF_8), 400, "X-CSRF-TOKEN");
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void controlCharactersInHeaderValuesAre400NamingTheHeaderForEveryCaller() {
        long before = events();
        String body = STRUCTURE.replace("cmcc", "cmcc-2");
        // "€" in UTF-8 is E2 82 AC: read as ISO-8859-1, 0x82 is a C1 control character
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("Idempotency-Key", "key-€-1");
        cases.put("If-Match", "\"1\u0085\"");
        cases.put("X-Correlation-Id", "trace-€");
        cases.put("Accept-Language", "de-\u009b");
        for (Map.Entry<String, String> header : cases.entrySet()) {
            for (String user : new String[] {"coordinator", "viewer", "party-isr", null}) {
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/json");
                headers.put(header.getKey(), header.getValue());
                RawHttp.Response response = raw("POST", "/api/v1/commands/establish-command-structure", user, headers, body,
                        StandardCharsets.UTF_8);
                assertProblem(response, 400, header.getKey());
                assertThat(response.body()).as("the value is not echoed").doesNotContain("trace-");
            }
        }
        // on reads and public paths too
        assertProblem(raw("GET", "/api/v1/timeline", "viewer", Map.of("Idempotency-Key", "€"), null, StandardCharsets.UTF_8),
                400, "Idempotency-Key");
        assertProblem(raw("GET", "/actuator/health", null, Map.of("X-Probe", "€"), null, StandardCharsets.UTF_8), 400, "X-Probe");
        assertProblem(raw("GET", "/api/v1/timeline", null, Map.of("Authorization", "Basic €"), null, StandardCharsets.UTF_8),
                400, "Authorization");
        // plain Latin-1 letters are no control characters: the key's own rule answers
        RawHttp.Response latin = raw("POST", "/api/v1/commands/establish-command-structure", "coordinator",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "clé"), body, StandardCharsets.ISO_8859_1);
        assertProblem(latin, 400, "Idempotency-Key");
        assertThat(latin.json().get("errors").get(0).get("message").asText()).contains("letters, digits");
        // C0 controls Tomcat refuses itself, before any filter: a problem document, without a field
        RawHttp.Response control = raw("POST", "/api/v1/commands/establish-command-structure", "coordinator",
                Map.of("Content-Type", "application/json", "Idempotency-Key", "a\u0001b"), body, StandardCharsets.UTF_8);
        assertProblem(control, 400, null);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void controlCharactersInQueryParametersAre400() {
        // the actuator and Swagger UI list every parameter, which made the firewall throw: 500
        assertProblem(raw("GET", "/actuator/health?%01=1", null, Map.of(), null, StandardCharsets.UTF_8), 400, "\\u0001");
        assertProblem(raw("GET", "/swagger-ui.html?a%C2%85=1", null, Map.of(), null, StandardCharsets.UTF_8), 400, "a\\u0085");
        // a NUL reached PostgreSQL, whose refusal read as a conflict: 409
        assertProblem(raw("GET", "/api/v1/timeline?aggregateId=a%00b", "viewer", Map.of(), null, StandardCharsets.UTF_8),
                400, "aggregateId");
        assertProblem(raw("GET", "/api/v1/alerts?forceId=%1B", "viewer", Map.of(), null, StandardCharsets.UTF_8), 400, "forceId");
    }

    @Test
    void tomcatsOwnRefusalsAreProblemDocuments() {
        String ok = "GET /api/v1/timeline HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
        Map<String, Integer> refusals = new LinkedHashMap<>();
        refusals.put(ok + "X-Big: " + "a".repeat(20_000) + "\r\n", 400);                              // headers over 8 KiB
        refusals.put("GET /api/v1/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400);
        refusals.put("G(T /api/v1/timeline HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400); // invalid method token
        refusals.put("GET /api/v1/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400);     // bad URI encoding
        refusals.put("GET /api/v1/forces/%C3%28 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400); // not UTF-8
        refusals.put("GET /api/v1/forces/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400);
        refusals.put("GET /api/v1/forces/\u0001 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400);
        refusals.put("GET /api/v1/forces/a\\b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400);
        refusals.put("GET /api/v1/timeline HTTP/1.1\r\nConnection: close\r\n", 400);                   // no Host
        refusals.put(ok + "Bad Name: x\r\n", 400);                                                      // invalid header name
        refusals.put(ok + "X-A: a\u0001b\r\n", 400);                                                    // C0 control in a value
        refusals.put("POST /api/v1/commands/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 2\r\n"
                + "Content-Length: 3\r\n", 400);                                                        // two lengths
        // Tomcat's 501 and 505 are answered as the refusals they are (ProblemErrorReportValve.refusal)
        refusals.put("CONNECT localhost:443 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 405);
        refusals.put("CONNECT /api/v1/timeline HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 405);
        refusals.put("POST /api/v1/commands/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nTransfer-Encoding: gzip\r\n", 400);
        refusals.put("GET /api/v1/timeline HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n", 400);
        refusals.put("POST /api/v1/commands/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nExpect: telepathy\r\n"
                + "Content-Length: 2\r\n", 417);
        // refused by Spring Security's firewall, not Tomcat: a problem document already, kept so
        refusals.put("TRACE /api/v1/timeline HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400);
        refusals.put("PROPFIND /api/v1/timeline HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n", 400);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Integer> refusal : refusals.entrySet()) {
            RawHttp.Response response = RawHttp.send(port, (refusal.getKey() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String request = refusal.getKey().length() > 80 ? refusal.getKey().substring(0, 80) + "…" : refusal.getKey();
            if (response.status() != refusal.getValue() || !response.isProblem()
                    || response.json().path("status").asInt() != refusal.getValue()) {
                wrong.add(request.replace("\r\n", "⏎") + " → " + response);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void theErrorPathItselfIsNotAnError() {
        Answer error = ledger.get(null, "/error");
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void timesBeyondTheYears1To9999AreRefusedNamingTheField() {
        long before = events();
        Answer effective = ledger.command("coordinator", "establish-command-structure",
                STRUCTURE.replace("cmcc", "far").replace("}", ",\"effectiveAt\":\"+1000000000-12-31T23:59:59Z\"}"));
        assertThat(effective.status()).as(effective.toString()).isEqualTo(400);
        assertThat(effective.json().get("errors").get(0).get("field").asText()).isEqualTo("effectiveAt");
        Answer ancient = ledger.command("coordinator", "establish-command-structure",
                STRUCTURE.replace("cmcc", "ancient").replace("}", ",\"effectiveAt\":\"-0001-01-01\"}"));
        assertThat(ancient.status()).as(ancient.toString()).isEqualTo(400);
        Answer date = ledger.command("registrar", "end-mandate", "{\"mandateId\":\"m\",\"reason\":\"EXPIRED\",\"endedOn\":\"+99999999-12-31\"}");
        assertThat(date.status()).as(date.toString()).isEqualTo(400);
        assertThat(date.json().get("errors").get(0).get("field").asText()).isEqualTo("endedOn");
        assertThat(events()).isEqualTo(before);

        Map<String, String> reads = new LinkedHashMap<>();
        reads.put("/api/v1/timeline?from=%2B1000000000-12-31T23:59:59Z", "from");
        reads.put("/api/v1/timeline?to=-1000000000-01-01T00:00:00Z", "to");
        reads.put("/api/v1/timeline?recordedAsOf=%2B100000-01-01T00:00:00Z", "recordedAsOf");
        reads.put("/api/v1/command-structures/cmcc?asOf=%2B999999999-12-31", "asOf");
        reads.put("/api/v1/timeline?cursor=" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("+1000000000-01-01T00:00:00Z|1".getBytes(StandardCharsets.UTF_8)), "cursor");
        for (Map.Entry<String, String> read : reads.entrySet()) {
            Answer answer = ledger.get("viewer", read.getKey());
            assertThat(answer.status()).as(read.getKey() + " → " + answer).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo(read.getValue());
        }
    }

    @Test
    void controlCharactersInCommandTextAreRefusedAndOrdinaryTextOfAnyScriptIsNot() {
        long before = events();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"structureId\":\"cmcc\",\"postId\":\"p1\",\"title\":\"a\\u0000b\",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"x\"}",
                "title");
        refused.put("{\"structureId\":\"cmcc\",\"postId\":\"p1\",\"title\":\"red \\u001b[31m\",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"x\"}",
                "title");
        refused.put("{\"structureId\":\"cmcc\",\"postId\":\"p1\",\"title\":\"t\",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"\\ud800\"}",
                "appointingAuthority");
        refused.put("{\"structureId\":\"cmcc\",\"postId\":\"p1\",\"title\":\"t\",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"x\","
                + "\"citation\":\"\\u0085\"}", "citation");
        for (Map.Entry<String, String> body : refused.entrySet()) {
            Answer answer = ledger.command("coordinator", "establish-post", body.getKey());
            assertThat(answer.status()).as(body.getKey() + " → " + answer).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo(body.getValue());
        }
        Answer nested = ledger.command("coordinator", "appoint-lead", """
                {"structureId":"cmcc","postId":"p1","appointedBy":"x",
                 "appointee":{"name":"Brad\\u0007","titleOrRank":"Admiral","nationality":"USA","service":"MILITARY"}}""");
        assertThat(nested.status()).as(nested.toString()).isEqualTo(400);
        assertThat(nested.json().get("errors").get(0).get("field").asText()).isEqualTo("appointee.name");
        assertThat(events()).isEqualTo(before);

        String title = "מרכז\tتنسيق\n協調 — 👩‍✈️ é";
        Answer accepted = ledger.command("coordinator", "establish-post", "{\"structureId\":\"cmcc\",\"postId\":\"unicode\",\"title\":"
                + "\"מרכז\\tتنسيق\\n協調 — 👩‍✈️ é\",\"line\":\"CIVILIAN\",\"appointingAuthority\":\"Secretary of State\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        // and the read models keep up with it
        JsonNode structure = ledger.await("viewer", "/api/v1/command-structures/cmcc", s -> s.toString().contains("unicode"));
        assertThat(structure.toString()).contains(title.replace("\t", "\\t").replace("\n", "\\n"));
    }

    /**
     * What Spring MVC itself refuses in a query parameter or path variable (a value it cannot convert, a number beyond
     * its type, a required one missing) names the parameter and the rule in {@code errors}, as the API's own checks do.
     */
    @Test
    void parametersSpringMvcCannotConvertOrFindAre400NamingThem() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("/api/v1/audit/events?after=x", "after");
        refused.put("/api/v1/audit/events?after=99999999999999999999", "after");
        refused.put("/api/v1/audit/events?limit=x", "limit");
        refused.put("/api/v1/audit/events?current=maybe", "current");
        refused.put("/api/v1/audit/events?proof=maybe", "proof");
        // only true and false: Spring MVC's own conversion takes yes, on, 1 and their opposites as well
        for (String lenient : List.of("yes", "1", "on", "TRUE", "no", "0", "off")) {
            refused.put("/api/v1/audit/events?proof=" + lenient + "&current=false", "proof");
        }
        refused.put("/api/v1/audit/aggregates/CommandStructure/cmcc/events?after=x", "after");
        refused.put("/api/v1/audit/aggregates/cmcc/events?after=x", "after");
        refused.put("/api/v1/audit/verify?upTo=x", "upTo");
        refused.put("/api/v1/audit/digest?upTo=x", "upTo");
        refused.put("/api/v1/audit/log/checkpoints?after=x", "after");
        refused.put("/api/v1/audit/log/checkpoints/x", "treeSize");
        refused.put("/api/v1/audit/log/proofs/inclusion", "eventId");
        refused.put("/api/v1/audit/log/proofs/inclusion?eventId=e&treeSize=x", "treeSize");
        refused.put("/api/v1/audit/log/proofs/consistency", "from");
        refused.put("/api/v1/audit/log/proofs/consistency?from=x", "from");
        refused.put("/api/v1/timeline?limit=x", "limit");
        for (Map.Entry<String, String> read : refused.entrySet()) {
            RawHttp.Response answer = raw("GET", read.getKey(), "auditor", Map.of(), null, StandardCharsets.UTF_8);
            assertProblem(answer, 400, read.getValue());
            assertThat(answer.json().get("type").asText()).as(read.getKey()).isEqualTo("urn:problem:coordination-ledger:invalid-request");
            assertThat(answer.json().get("errors").get(0).get("message").asText()).as(read.getKey())
                    .matches(read.getKey().matches(".*/(inclusion|consistency)") ? "is required" : "must be (an integer from .*|true or false)");
        }
    }

    /** An Accept that does not parse is the client's malformed header (400); one this path cannot satisfy is 406; both name it. */
    @Test
    void aMalformedAcceptIs400AndAnUnsatisfiableOne406NamingTheHeader() {
        long before = events();
        for (String path : List.of("/api/v1/me", "/api/v1/timeline")) {
            for (String accept : List.of(",,,;;", "application/json;q=abc")) {
                assertProblem(raw("GET", path, "viewer", Map.of("Accept", accept), null, StandardCharsets.UTF_8), 400, "Accept");
            }
            assertProblem(raw("GET", path, "viewer", Map.of("Accept", "application/xml"), null, StandardCharsets.UTF_8), 406, "Accept");
        }
        String body = STRUCTURE.replace("cmcc", "cmcc-accept");
        assertProblem(raw("POST", "/api/v1/commands/establish-command-structure", "coordinator",
                Map.of("Content-Type", "application/json", "Accept", ",,,;;"), body, StandardCharsets.UTF_8), 400, "Accept");
        assertProblem(raw("POST", "/api/v1/commands/establish-command-structure", "coordinator",
                Map.of("Content-Type", "application/json", "Accept", "application/xml"), body, StandardCharsets.UTF_8), 406, "Accept");
        assertThat(events()).isEqualTo(before);
    }

    /** Nothing decodes a compressed body, so one that says it is compressed is refused, for every caller, before it is read. */
    @Test
    void aBodyWithAContentEncodingIs415NamingTheHeaderAndWritesNothing() {
        long before = events();
        for (String coding : List.of("gzip", "deflate", "br", "identity, gzip", "x-unknown")) {
            for (String user : new String[] {"coordinator", "viewer", null}) {
                RawHttp.Response answer = raw("POST", "/api/v1/commands/establish-command-structure", user,
                        Map.of("Content-Type", "application/json", "Content-Encoding", coding), STRUCTURE.replace("cmcc", "cmcc-gzip"),
                        StandardCharsets.UTF_8);
                assertProblem(answer, 415, "Content-Encoding");
                assertThat(answer.header("Accept-Encoding")).isEqualTo("identity");
            }
        }
        assertProblem(raw("POST", "/api/v1/audit/replays", "auditor", Map.of("Content-Type", "application/json", "Content-Encoding", "gzip"),
                "{\"projections\":[\"all\"]}", StandardCharsets.UTF_8), 415, "Content-Encoding");
        assertThat(events()).isEqualTo(before);
        // identity is no coding at all
        assertThat(raw("POST", "/api/v1/commands/establish-command-structure", "coordinator",
                Map.of("Content-Type", "application/json", "Content-Encoding", "identity"), STRUCTURE.replace("cmcc", "cmcc-identity"),
                StandardCharsets.UTF_8).status()).isEqualTo(200);
    }

    /** A replay's body is read as strictly as a command's: a mistyped request starts nothing, and the answer names the field. */
    @Test
    void aReplayBodyIsReadStrictlyAndItsRefusalsNameTheField() {
        int replays = ledger.get("auditor", "/api/v1/audit/replays").json().size();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"projections\":[\"all\"],\"evil\":1}", "evil");
        refused.put("{", "body");
        refused.put("[]", "body");
        refused.put("\"all\"", "body");
        refused.put("{\"projections\":[\"all\"]} {}", "body");
        refused.put("{\"projections\":[\"all\"],\"projections\":[\"all\"]}", "body");
        refused.put("{\"projections\":\"all\"}", "projections");
        refused.put("{\"projections\":[1]}", "projections[0]");
        for (Map.Entry<String, String> body : refused.entrySet()) {
            RawHttp.Response answer = raw("POST", "/api/v1/audit/replays", "auditor", Map.of("Content-Type", "application/json"), body.getKey(),
                    StandardCharsets.UTF_8);
            assertProblem(answer, 400, body.getValue());
            assertThat(answer.json().get("type").asText()).isEqualTo("urn:problem:coordination-ledger:invalid-request");
        }
        RawHttp.Response plain = raw("POST", "/api/v1/audit/replays", "auditor", Map.of("Content-Type", "text/plain"),
                "{\"projections\":[\"all\"]}", StandardCharsets.UTF_8);
        assertProblem(plain, 415, "Content-Type");
        assertThat(plain.json().get("type").asText()).isEqualTo("urn:problem:coordination-ledger:unsupported-media-type");
        assertThat(ledger.get("auditor", "/api/v1/audit/replays").json().size()).as("no replay started").isEqualTo(replays);
    }

    /** The actuator's own 404s (a health component, a metric, a tag it does not know) are problem documents too. */
    @Test
    void namesTheActuatorDoesNotKnowAreProblemDocuments() {
        assertProblem(raw("GET", "/actuator/health/nope", null, Map.of(), null, StandardCharsets.UTF_8), 404, null);
        assertProblem(raw("GET", "/actuator/metrics/nope", "operator", Map.of(), null, StandardCharsets.UTF_8), 404, null);
        assertProblem(raw("GET", "/actuator/metrics/ledger.commands?tag=a:b:c", "operator", Map.of(), null, StandardCharsets.UTF_8), 404,
                null);
        assertProblem(raw("GET", "/actuator/metrics/ledger.commands?tag=abc", "operator", Map.of(), null, StandardCharsets.UTF_8), 400,
                null);
        // what the actuator does answer stays its own
        RawHttp.Response health = raw("GET", "/actuator/health", null, Map.of(), null, StandardCharsets.UTF_8);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
    }
}
