package org.coordination.ledger.api;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.coordination.ledger.api.HostileRequests.Case;
import org.coordination.ledger.api.HostileRequests.Expect;
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
 * Over ten thousand generated hostile requests over real HTTP, from every demo user, anonymous callers
 * and broken credentials: malformed, deep and huge JSON, wrong JSON types, control and non-ASCII
 * characters in ids, texts and headers, wrong and wildcard content types, bad If-Match and
 * Idempotency-Key values, unknown commands and paths, odd methods, malformed HTTP. They come in phases
 * of refusals between phases of valid requests (which must succeed and keep the ledger moving). Asserted:
 * no 5xx at all, every
 * 4xx a problem document whose status matches, no event written by any refusal, and the read models
 * still keeping up at the end. The seed is fixed and printed; {@code -Dhostile.seed=...} replays another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    static final long SEED = Long.getLong("hostile.seed", 20261202L);
    static final int PHASES = 10;
    static final int REFUSALS_PER_PHASE = 1_000;
    static final int SENDERS = 4;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    LedgerClient ledger;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** What came back for a case. */
    record Outcome(int status, String contentType, String body, boolean replayed, String etag) {
    }

    @BeforeAll
    void ledgerWithAStructureAForceAPledgeAndARegister() {
        ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"cmcc\",\"name\":\"Center\",\"leadNation\":\"USA\",\"location\":\"Kiryat Gat\"}").status()).isEqualTo(200);
        assertThat(ledger.command("coordinator", "establish-force", """
                {"forceId":"isf","name":"ISF","politicalAuthority":"Board of Peace","leadNation":"USA","commandModel":"LEAD_NATION",
                 "plannedStrength":1000,"mandateId":"gaza-isf-mandate"}""").status()).isEqualTo(200);
        assertThat(ledger.command("liaison-idn", "join-force", """
                {"contributionId":"isf-idn","forceId":"isf","nation":"IDN","units":[{"requirementLine":"infantry","type":"Infantry","personnel":10}],
                 "readiness":"L1","authorityOffered":"TACON"}""").status()).isEqualTo(200);
        assertThat(ledger.command("coordinator", "open-consent-register",
                "{\"registerId\":\"isf-isr\",\"forceId\":\"isf\",\"party\":\"ISR\",\"partyRole\":\"HOST_STATE\"}").status()).isEqualTo(200);
        ledger.await("viewer", "/api/v1/consent-registers/isf-isr", register -> true);
        ledger.await("viewer", "/api/v1/forces/isf/roster", roster -> roster.toString().contains("isf-idn"));
        ledger.await("viewer", "/api/v1/command-structures/cmcc", structure -> true);
    }

    long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    /** The event count once the policies reacting to earlier events are done. */
    long settledEvents() {
        AtomicLong previous = new AtomicLong(-1);
        return await("no event appended for half a second").atMost(30, SECONDS).pollInterval(100, MILLISECONDS).during(500, MILLISECONDS)
                .until(this::events, now -> previous.getAndSet(now) == now);
    }

    @Test
    void tenThousandHostileRequestsAreRefusedCleanlyAndWriteNothing() throws Exception {
        System.out.println("HostileInputIT seed " + SEED + " (replay with -Dhostile.seed=" + SEED + ")");
        HostileRequests generator = new HostileRequests(SEED);
        Map<Integer, AtomicInteger> statuses = new TreeMap<>();
        Map<String, Map<Integer, AtomicInteger>> byCategory = new TreeMap<>();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        long started = System.nanoTime();
        long version = structureVersion();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            for (int phase = 0; phase < PHASES; phase++) {
                // the baseline, one at a time: each must succeed and write exactly the events it lists
                for (Case valid : generator.baseline(phase, version)) {
                    long before = events();
                    Outcome outcome = send(valid);
                    record(valid, outcome, statuses, byCategory, sent);
                    check(valid, outcome, failures);
                    if (outcome.status() == 200) {
                        accepted.incrementAndGet();
                    }
                    long written = events() - before;
                    long listed = outcome.status() == 200 && !outcome.replayed() && valid.path().startsWith("/api/v1/commands/")
                            ? eventsListed(outcome) : 0;
                    if (written != listed) {
                        failures.add("wrote " + written + " events, listed " + listed + ": " + valid.describe());
                    }
                    if (valid.category().equals("baseline-replay") && !outcome.replayed()) {
                        failures.add("a repeated idempotency key was not replayed: " + valid.describe());
                    }
                    if (outcome.etag() != null && valid.path().startsWith("/api/v1/commands/")) {
                        version = Long.parseLong(outcome.etag().replace("\"", ""));
                    }
                }
                // the refusals, several at a time: none may write an event
                long before = settledEvents();
                List<Future<?>> pending = new ArrayList<>();
                for (int i = 0; i < REFUSALS_PER_PHASE; i++) {
                    Case hostile = generator.refusal();
                    pending.add(senders.submit(() -> {
                        Outcome outcome = send(hostile);
                        record(hostile, outcome, statuses, byCategory, sent);
                        check(hostile, outcome, failures);
                    }));
                }
                for (Future<?> done : pending) {
                    done.get();
                }
                long after = events();
                if (after != before) {
                    failures.add("phase " + phase + ": the refusals wrote " + (after - before) + " events");
                }
            }
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("HostileInputIT: %d requests in %.1f s (seed %d), %d valid ones accepted%n", sent.get(), seconds, SEED,
                accepted.get());
        System.out.println("  by status: " + statuses);
        byCategory.forEach((category, counts) -> System.out.println("  " + category + ": " + counts));

        assertThat(failures).as("seed " + SEED + ": " + failures.size() + " failures").isEmpty();
        assertThat(sent.get()).isGreaterThanOrEqualTo(10_000);
        assertThat(accepted.get()).as("the baseline succeeded").isGreaterThanOrEqualTo(PHASES * 10);
        // nothing was stalled by anything accepted on the way: a last command reaches the read models
        Answer last = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}");
        assertThat(last.status()).isEqualTo(200);
        String eventId = last.json().get("events").get(0).get("eventId").asText();
        ledger.await("viewer", "/api/v1/timeline?aggregateId=cmcc&limit=500", timeline -> timeline.toString().contains(eventId));
        assertThat(ledger.get("auditor", "/api/v1/audit/dead-letters").json()).as("no event was parked").isEmpty();
    }

    long structureVersion() {
        Answer answer = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}");
        assertThat(answer.status()).isEqualTo(200);
        return Long.parseLong(answer.header("ETag").replace("\"", ""));
    }

    static int eventsListed(Outcome outcome) {
        try {
            return HostileRequests.JSON.readTree(outcome.body()).get("events").size();
        } catch (IOException e) {
            return -1;
        }
    }

    static void record(Case sent, Outcome outcome, Map<Integer, AtomicInteger> statuses, Map<String, Map<Integer, AtomicInteger>> byCategory,
                       AtomicInteger count) {
        synchronized (statuses) {
            statuses.computeIfAbsent(outcome.status(), s -> new AtomicInteger()).incrementAndGet();
            byCategory.computeIfAbsent(sent.category(), c -> new TreeMap<>()).computeIfAbsent(outcome.status(), s -> new AtomicInteger())
                    .incrementAndGet();
        }
        count.incrementAndGet();
    }

    static void check(Case sent, Outcome outcome, List<String> failures) {
        int status = outcome.status();
        String problem = null;
        if (status >= 500) {
            problem = "a 5xx";
        } else if (sent.expect() == Expect.PROTOCOL) {
            if (status != sent.protocolStatus()) {
                problem = "expected " + sent.protocolStatus();
            }
        } else if (sent.expect() == Expect.REFUSED && (status < 400 || status >= 500)) {
            problem = "not refused";
        } else if (sent.expect() == Expect.ACCEPTED && (status < 200 || status >= 300)) {
            problem = "not accepted";
        }
        if (problem == null && status >= 400) {
            if (outcome.contentType() == null || !outcome.contentType().startsWith("application/problem+json")) {
                problem = "not a problem document";
            } else if (!"HEAD".equals(sent.method())) {
                try {
                    JsonNode document = HostileRequests.JSON.readTree(outcome.body());
                    if (document.path("status").asInt() != status || !document.path("type").asText().startsWith("urn:problem:")
                            || document.path("title").asText().isEmpty()) {
                        problem = "a problem document with the wrong status, type or title";
                    }
                } catch (IOException e) {
                    problem = "a problem document that is not JSON";
                }
            }
        }
        if (problem != null) {
            failures.add(problem + ": " + sent.describe() + " → " + status + " " + outcome.contentType() + " "
                    + HostileRequests.printable(outcome.body().length() > 300 ? outcome.body().substring(0, 300) : outcome.body()));
        }
    }

    Outcome send(Case request) {
        if (request.isRaw()) {
            return raw(request.raw());
        }
        HttpRequest built;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()))
                    .timeout(Duration.ofSeconds(30))
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach(builder::header);
            built = builder.build();
        } catch (IllegalArgumentException refusedByTheClient) {
            return raw(rawBytes(request)); // a method or header java.net.http will not send: over a socket instead
        }
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                return new Outcome(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body(),
                        "true".equals(response.headers().firstValue("Idempotent-Replayed").orElse(null)),
                        response.headers().firstValue("ETag").orElse(null));
            } catch (IOException e) {
                // a pooled connection the server closed after an earlier refusal: once more on a fresh one
                if (attempt == 2) {
                    throw new AssertionError("no answer to " + request.describe(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    Outcome raw(byte[] bytes) {
        RawHttp.Response response = RawHttp.send(port, bytes);
        return new Outcome(response.status(), response.contentType(), response.body(), "true".equals(response.header("Idempotent-Replayed")),
                response.header("ETag"));
    }

    static byte[] rawBytes(Case request) {
        StringBuilder head = new StringBuilder(request.method() + " " + request.path() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(request.body().length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[headBytes.length + request.body().length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(request.body(), 0, all, headBytes.length, request.body().length);
        return all;
    }

    @Test
    void refusalsNameTheFieldAndTheRule() {
        Answer wrongType = ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":\"12\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").get(0).get("field").asText()).isEqualTo("personnel");

        Answer badEnum = ledger.command("coordinator", "establish-post",
                "{\"structureId\":\"cmcc\",\"postId\":\"p\",\"title\":\"t\",\"line\":\"NAVAL\",\"appointingAuthority\":\"a\"}");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.json().get("errors").get(0).get("field").asText()).isEqualTo("line");
        assertThat(badEnum.json().get("errors").get(0).get("message").asText()).contains("MILITARY", "CIVILIAN");

        Answer badId = ledger.command("coordinator", "establish-command-structure",
                "{\"structureId\":\"CMCC HQ\",\"name\":\"n\",\"leadNation\":\"USA\",\"location\":\"l\"}");
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.json().get("errors").get(0).get("field").asText()).isEqualTo("structureId");
        assertThat(badId.json().get("errors").get(0).get("message").asText()).contains("lower-case letters, digits and dashes");

        Answer badDate = ledger.command("registrar", "end-mandate",
                "{\"mandateId\":\"m\",\"reason\":\"EXPIRED\",\"endedOn\":\"31/12/2027\"}");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("errors").get(0).get("field").asText()).isEqualTo("endedOn");

        Answer missing = ledger.command("coordinator", "establish-command-structure", "{\"structureId\":\"cmcc\"}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("errors")).extracting(e -> e.get("field").asText()).contains("name", "leadNation", "location");

        Answer nested = ledger.command("coordinator", "appoint-lead", """
                {"structureId":"cmcc","postId":"military-lead","appointedBy":"Secretary of War",
                 "appointee":{"name":"Brad Cooper","titleOrRank":"Admiral","nationality":"usa","service":"MILITARY"}}""");
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.json().get("errors").get(0).get("field").asText()).isEqualTo("appointee.nationality");

        Answer unknown = ledger.command("coordinator", "promote-everyone", "{}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("command");

        Answer huge = ledger.command("coordinator", "appoint-lead", "{\"structureId\":\"" + "a".repeat(200_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("errors").get(0).get("field").asText()).isEqualTo("body");

        // the limit applies to the path as Spring MVC routes it: /%61pi/ is /api/ decoded, and such a body was read whole and parsed
        Answer hugeEncoded = ledger.raw(HttpRequest.newBuilder(ledger.uri("/%61pi/v1/commands/appoint-lead"))
                .header("Authorization", LedgerClient.basic("coordinator")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"structureId\":\"" + "a".repeat(200_000) + "\"}")).build());
        assertThat(hugeEncoded.status()).as(hugeEncoded.toString()).isEqualTo(413);
    }

    /**
     * A refusal that quotes what the caller sent quotes it cut short, with no bidi or control characters: a 20,000
     * character nation with a right-to-left override once came back whole in a 20 KB 403.
     */
    @Test
    void aRefusalQuotesTheCallersInputCutShortAndWithoutBidiCharacters() {
        long before = events();
        String nation = "A".repeat(20_000) + "\u202E";
        Answer longOne = ledger.command("liaison-idn", "join-force", "{\"contributionId\":\"isf-idn-9\",\"forceId\":\"isf\",\"nation\":\""
                + nation + "\"}");
        assertThat(longOne.status()).isEqualTo(403);
        assertThat(longOne.header("Content-Type")).startsWith("application/problem+json");
        assertThat(longOne.body().length()).as(longOne.toString()).isLessThan(500);
        assertThat(longOne.json().get("detail").asText()).contains("not for " + "A".repeat(64) + "…").doesNotContain("A".repeat(65));

        Answer bidi = ledger.command("liaison-idn", "join-force",
                "{\"contributionId\":\"isf-idn-9\",\"forceId\":\"isf\",\"nation\":\"US\u202EA\u200B\u2028\"}");
        assertThat(bidi.status()).isEqualTo(403);
        String detail = bidi.json().get("detail").asText();
        assertThat(detail).contains("not for US\\u202EA\\u200B\\u2028 (join-force)");
        assertThat(detail.codePoints().filter(c -> Character.getType(c) == Character.FORMAT || Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR)).as(detail).isEmpty();
        assertThat(events()).isEqualTo(before);
    }
}
