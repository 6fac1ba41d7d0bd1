package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coordination.ledger.security.Role;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.coordination.ledger.web.CommandCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every role × every command, plus liaisons and parties acting for others: each cell asserts allow or
 * deny. "Allow" means the request got past authorization (any answer but 401/403); a denied request
 * writes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMapping;
    LedgerClient ledger;

    /** A demo user per role; liaisons and parties are bound to a nation or party. */
    static final Map<Role, String> USERS = Map.of(
            Role.COORDINATOR, "coordinator", Role.REGISTRAR, "registrar", Role.LIAISON, "liaison-idn",
            Role.PARTY, "party-isr", Role.AUDITOR, "auditor", Role.VIEWER, "viewer", Role.OPERATOR, "operator");

    /** Expected: which roles may issue which command (api.md), written out independently of the catalog. */
    static final Map<String, Set<Role>> ALLOWED = new LinkedHashMap<>();

    static {
        for (String c : List.of("authorize-mandate", "extend-mandate", "amend-mandate", "end-mandate")) {
            ALLOWED.put(c, Set.of(Role.REGISTRAR));
        }
        for (String c : List.of("establish-force", "define-force-requirement", "issue-rules-of-engagement", "activate-force",
                "transfer-authority", "reject-contribution", "suspend-contribution", "resume-contribution", "establish-command-structure", "establish-post", "appoint-lead", "vacate-post",
                "assign-command-relationship", "revoke-command-relationship", "attach-staff", "detach-staff",
                "form-humanitarian-coalition", "admit-partner", "set-membership-cap", "record-vetting", "suspend-partner",
                "remove-partner", "exclude-organization", "lift-exclusion")) {
            ALLOWED.put(c, Set.of(Role.COORDINATOR));
        }
        for (String c : List.of("join-force", "acknowledge-rules-of-engagement", "declare-caveat", "lift-caveat", "commit-contribution",
                "withdraw-contribution")) {
            ALLOWED.put(c, Set.of(Role.LIAISON));
        }
        ALLOWED.put("open-consent-register", Set.of(Role.COORDINATOR, Role.PARTY));
        for (String c : List.of("grant-consent", "withdraw-consent", "object-to-contributor", "withdraw-objection")) {
            ALLOWED.put(c, Set.of(Role.PARTY));
        }
    }

    /** A body per command that the caller's own nation or party owns (isf-idn, isf-isr). */
    static String body(String command) {
        return switch (command) {
            case "join-force" -> """
                    {"contributionId":"isf-idn-2","forceId":"isf","nation":"IDN","units":[{"requirementLine":"inf","type":"Infantry","personnel":10}],
                     "readiness":"L1","authorityOffered":"TACON"}""";
            case "open-consent-register" -> "{\"registerId\":\"isf-isr-2\",\"forceId\":\"isf\",\"party\":\"ISR\",\"partyRole\":\"HOST_STATE\"}";
            default -> "{\"contributionId\":\"isf-idn\",\"registerId\":\"isf-isr\"}";
        };
    }

    @BeforeAll
    void ledgerWithAForceAPledgeAndARegister() {
        ledger = new LedgerClient(port);
        assertThat(ledger.command("coordinator", "establish-force", """
                {"forceId":"isf","name":"ISF","politicalAuthority":"Board of Peace","leadNation":"USA","commandModel":"LEAD_NATION",
                 "plannedStrength":1000,"mandateId":"m"}""").status()).isEqualTo(200);
        assertThat(ledger.command("liaison-idn", "join-force", """
                {"contributionId":"isf-idn","forceId":"isf","nation":"IDN","units":[{"requirementLine":"inf","type":"Infantry","personnel":10}],
                 "readiness":"L1","authorityOffered":"TACON"}""").status()).isEqualTo(200);
        assertThat(ledger.command("coordinator", "open-consent-register",
                "{\"registerId\":\"isf-isr\",\"forceId\":\"isf\",\"party\":\"ISR\",\"partyRole\":\"HOST_STATE\"}").status()).isEqualTo(200);
    }

    long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    @Test
    void everyRoleTimesEveryCommand() {
        assertThat(ALLOWED.keySet()).as("the table covers every command of the API").containsExactlyInAnyOrderElementsOf(CommandCatalog.names());
        List<String> wrong = new ArrayList<>();
        for (String command : ALLOWED.keySet()) {
            for (Role role : Role.values()) {
                long before = events();
                Answer answer = ledger.command(USERS.get(role), command, body(command));
                boolean allowed = ALLOWED.get(command).contains(role);
                boolean denied = answer.status() == 403;
                if (allowed == denied || answer.status() == 401 || answer.status() >= 500) {
                    wrong.add(role + " × " + command + " → " + answer);
                }
                if (denied) {
                    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
                    assertThat(events()).as("a denied %s by %s writes nothing", command, role).isEqualTo(before);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aLiaisonActsOnlyForItsOwnNation() {
        long before = events();
        Answer join = ledger.command("liaison-tur", "join-force", body("join-force"));
        assertThat(join.status()).as(join.toString()).isEqualTo(403);
        for (String command : List.of("acknowledge-rules-of-engagement", "declare-caveat", "lift-caveat", "commit-contribution",
                "withdraw-contribution")) {
            Answer answer = ledger.command("liaison-tur", command, """
                    {"contributionId":"isf-idn","version":1,"caveatId":"c","kind":"OTHER","description":"d","personnel":1,"reason":"r"}""");
            assertThat(answer.status()).as(command + " → " + answer).isEqualTo(403);
        }
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void aPartyActsOnlyOnItsOwnRegister() {
        long before = events();
        for (String command : List.of("grant-consent", "withdraw-consent", "object-to-contributor", "withdraw-objection")) {
            Answer answer = ledger.command("party-egy", command, """
                    {"registerId":"isf-isr","scope":"s","reason":"r","nation":"TUR"}""");
            assertThat(answer.status()).as(command + " → " + answer).isEqualTo(403);
        }
        Answer open = ledger.command("party-egy", "open-consent-register",
                "{\"registerId\":\"isf-egy-as-isr\",\"forceId\":\"isf\",\"party\":\"ISR\",\"partyRole\":\"HOST_STATE\"}");
        assertThat(open.status()).isEqualTo(403);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void authorizationComesBeforeValidation() {
        Answer answer = ledger.command("viewer", "appoint-lead", "{ this is not json");
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).doesNotContain("malformed");
    }

    @Test
    void unauthenticatedRequestsGet401AsProblemDocuments() {
        long before = events();
        Answer anonymous = ledger.command(null, "establish-force", "{}");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
        Answer wrongPassword = ledger.raw(java.net.http.HttpRequest.newBuilder(ledger.uri("/api/v1/forces/isf"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("coordinator:nope".getBytes())).build());
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(ledger.get(null, "/api/v1/forces/isf").status()).isEqualTo(401);
        assertThat(events()).isEqualTo(before);
    }

    @Test
    void everyAuthenticatedUserReadsAndHealthAndApiDocsArePublic() {
        for (String user : USERS.values()) {
            assertThat(ledger.get(user, "/api/v1/timeline?limit=1").status()).as(user).isEqualTo(200);
        }
        assertThat(ledger.get(null, "/actuator/health").status()).isEqualTo(200);
        assertThat(ledger.get(null, "/v3/api-docs").status()).isEqualTo(200);
    }

    @Test
    void healthDetailsOnlyForOperatorsAndAuditorsAndTheProbesStayPublic() {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            for (String user : new String[] {null, "viewer", "coordinator", "liaison-idn", "party-isr", "registrar"}) {
                Answer health = ledger.get(user, path);
                assertThat(health.status()).as(path + " as " + user).isEqualTo(200);
                assertThat(health.json().get("status").asText()).isEqualTo("UP");
                assertThat(health.json().has("components")).as(path + " as " + user + ": " + health).isFalse();
                assertThat(health.body()).as(path + " as " + user).doesNotContain("details", "diskSpace", "PostgreSQL", "kafkaPublisher");
            }
        }
        for (String user : new String[] {"operator", "auditor"}) {
            Answer health = ledger.get(user, "/actuator/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().path("components").path("db").path("details").path("database").asText()).as(user).isEqualTo("PostgreSQL");
            assertThat(health.json().path("components").path("diskSpace").path("details").has("path")).as(user).isTrue();
            assertThat(health.json().path("components").path("kafkaPublisher").path("details").path("state").asText()).as(user)
                    .isEqualTo("DISABLED");
        }
        // a wrong password on the public probe is still refused, not silently treated as anonymous
        Answer wrongPassword = ledger.raw(java.net.http.HttpRequest.newBuilder(ledger.uri("/actuator/health"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("operator:nope".getBytes())).build());
        assertThat(wrongPassword.status()).isEqualTo(401);
        // operators watch the metrics too; a viewer does not
        assertThat(ledger.get("operator", "/actuator/metrics").status()).isEqualTo(200);
        assertThat(ledger.get("viewer", "/actuator/metrics").status()).isEqualTo(403);
    }

    /**
     * Every command has a path of its own, found by Spring MVC's direct lookup (its literal paths) instead of by
     * trying {@code /{command}} against every mapping (docs/benchmarks.md, change 63); a name that is no command
     * still reaches the pattern and its 400, a GET on a command's path its 405.
     */
    @Test
    void eachCommandHasItsOwnPathAndOtherNamesReachThePattern() throws Exception {
        for (String command : CommandCatalog.names()) {
            assertThat(handlerOf("POST", "/api/v1/commands/" + command)).as(command).isEqualTo("issueKnown");
        }
        assertThat(handlerOf("POST", "/api/v1/commands/no-such-command")).isEqualTo("issue");
        Answer unknown = ledger.command("coordinator", "no-such-command", "{}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown command 'no-such-command'").contains("appoint-lead");
        assertThat(ledger.get("coordinator", "/api/v1/commands/appoint-lead").status()).isEqualTo(405);
    }

    private Answer send(String method, String user, String path) {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(ledger.uri(path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", LedgerClient.basic(user));
        }
        return ledger.raw(request.build());
    }

    /** HEAD is GET without the body, for whoever may GET: not a 403 saying the role does not allow it. */
    @Test
    void headIsAnsweredAsGetWithoutTheBody() {
        ledger.await("viewer", "/api/v1/forces/isf", force -> true);
        for (String path : List.of("/api/v1/forces/isf", "/api/v1/timeline?limit=1", "/api/v1/me")) {
            Answer head = send("HEAD", "viewer", path);
            assertThat(head.status()).as(path + " → " + head).isEqualTo(200);
            assertThat(head.header("Content-Type")).as(path).startsWith("application/json");
            assertThat(head.body()).as(path).isEmpty();
        }
        // headers and all: the view's version, and a read-your-writes position checked (and waited for) as for GET
        Answer get = send("GET", "viewer", "/api/v1/forces/isf");
        assertThat(send("HEAD", "viewer", "/api/v1/forces/isf").header("ETag")).isNotNull().isEqualTo(get.header("ETag"));
        assertThat(send("HEAD", "viewer", "/api/v1/timeline?minPosition=x").status()).isEqualTo(400);
        assertThat(send("HEAD", null, "/api/v1/forces/isf").status()).isEqualTo(401);
        // the audit paths stay the auditors'
        assertThat(send("HEAD", "viewer", "/api/v1/audit/events").status()).isEqualTo(403);
        assertThat(send("HEAD", "auditor", "/api/v1/audit/events").status()).isEqualTo(200);
    }

    /**
     * A method a path does not offer is 405 with Allow, for any authenticated caller, as on the audit paths; an
     * anonymous caller still gets 401, and a caller who may not use the audit paths learns nothing of their methods.
     */
    @Test
    void aMethodThePathDoesNotOfferIs405WithAllow() {
        long before = events();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("PUT /api/v1/commands/attach-staff", "POST");
        refused.put("PATCH /api/v1/commands/attach-staff", "POST");
        refused.put("DELETE /api/v1/commands/attach-staff", "POST");
        refused.put("DELETE /api/v1/forces/isf", "GET");
        refused.put("PUT /api/v1/timeline", "GET");
        refused.put("POST /api/v1/forces/isf/roster", "GET");
        refused.put("DELETE /api/v1/audit/replays", "GET, POST");
        for (Map.Entry<String, String> request : refused.entrySet()) {
            String[] methodAndPath = request.getKey().split(" ");
            String user = methodAndPath[1].startsWith("/api/v1/audit/") ? "auditor" : "coordinator";
            Answer answer = send(methodAndPath[0], user, methodAndPath[1]);
            assertThat(answer.status()).as(request.getKey() + " → " + answer).isEqualTo(405);
            assertThat(answer.header("Allow").split(",\\s*")).as(request.getKey()).containsExactlyInAnyOrder(request.getValue().split(", "));
            assertThat(answer.header("Content-Type")).as(request.getKey()).startsWith("application/problem+json");
            assertThat(answer.json().get("type").asText()).isEqualTo("urn:problem:coordination-ledger:http-405");
        }
        // OPTIONS is answered as Spring MVC answers it on every path: the methods the path offers, no body
        Answer options = send("OPTIONS", "coordinator", "/api/v1/commands/attach-staff");
        assertThat(options.status()).isEqualTo(200);
        assertThat(options.header("Allow")).contains("POST").doesNotContain("GET");
        assertThat(send("DELETE", null, "/api/v1/commands/attach-staff").status()).isEqualTo(401);
        assertThat(send("OPTIONS", null, "/api/v1/commands/attach-staff").status()).isEqualTo(401);
        assertThat(send("DELETE", "viewer", "/api/v1/audit/replays").status()).isEqualTo(403);
        assertThat(events()).isEqualTo(before);
    }

    /**
     * The security rules let any authenticated caller use any method on the API's paths outside the audit paths
     * (SecurityConfiguration), so that Spring MVC answers the methods a path does not offer with 405: that is safe only
     * while those paths offer GET for reads and POST for commands alone, which are checked per command.
     */
    @Test
    void noHandlerOutsideTheAuditPathsTakesAnotherMethod() {
        List<String> open = new ArrayList<>();
        handlerMapping.getHandlerMethods().forEach((mapping, method) -> {
            for (String pattern : mapping.getPatternValues()) {
                if (!pattern.startsWith("/api/") || pattern.startsWith("/api/v1/audit/")) {
                    continue;
                }
                Set<org.springframework.web.bind.annotation.RequestMethod> methods = mapping.getMethodsCondition().getMethods();
                boolean read = methods.equals(Set.of(org.springframework.web.bind.annotation.RequestMethod.GET))
                        || methods.equals(Set.of(org.springframework.web.bind.annotation.RequestMethod.HEAD)); // the live stream's HEAD
                boolean command = pattern.startsWith("/api/v1/commands/")
                        && methods.equals(Set.of(org.springframework.web.bind.annotation.RequestMethod.POST));
                if (!read && !command) {
                    open.add(methods + " " + pattern + " → " + method);
                }
            }
        });
        assertThat(open).isEmpty();
    }

    private String handlerOf(String method, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(request);
        HandlerExecutionChain chain = handlerMapping.getHandler(request);
        return chain == null ? null : ((HandlerMethod) chain.getHandler()).getMethod().getName();
    }
}
