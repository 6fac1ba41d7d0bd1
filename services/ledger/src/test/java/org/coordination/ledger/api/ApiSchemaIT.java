package org.coordination.ledger.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.LedgerClient.Answer;
import org.coordination.ledger.testsupport.Walkthrough;
import org.coordination.ledger.testsupport.Walkthrough.Exchange;
import org.coordination.ledger.web.CommandCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenAPI document tells the truth: what it promises about security, headers and media types
 * holds, every documented example is valid against its own schema, and every real answer of the
 * walkthrough (requests.http) and of the usual refusals validates against the schema documented for
 * its path, method, status and media type, with $refs resolved into components/schemas.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiSchemaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COMMANDS = "/api/v1/commands/";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    LedgerClient ledger;
    JsonNode docs;
    SchemaRegistry schemas;
    JsonNode closedComponents;

    @BeforeEach
    void document() {
        ledger = new LedgerClient(port);
        Answer answer = ledger.get(null, "/v3/api-docs");
        assertThat(answer.status()).isEqualTo(200);
        docs = answer.json();
        // Format assertions on: a date that is not a date, or a type that is not a URI, is a lie too.
        schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        // The published schemas leave objects open, as they may grow; here every object is closed, so a member
        // the ledger sends but the document does not describe (or a schema that describes another record) fails.
        closedComponents = closeObjects(docs.path("components").deepCopy());
    }

    @Test
    void eitherBasicOrBearerAuthenticates() {
        JsonNode security = docs.path("security");
        assertThat(security).as("one requirement per scheme: alternatives, not both at once").hasSize(2);
        assertThat(security.get(0).size()).isEqualTo(1);
        assertThat(security.get(1).size()).isEqualTo(1);
        assertThat(List.of(security.get(0).fieldNames().next(), security.get(1).fieldNames().next()))
                .containsExactlyInAnyOrder("basic", "bearer");
    }

    @Test
    void theErrorPathIsNoOperation() {
        assertThat(docs.path("paths").has("/error")).isFalse();
    }

    @Test
    void everyCommandDocumentsProvenanceFieldsHeadersAndStatuses() {
        for (CommandCatalog.Entry entry : CommandCatalog.all()) {
            JsonNode post = docs.path("paths").path(COMMANDS + entry.name()).path("post");
            JsonNode body = resolve(post.path("requestBody").path("content").path("application/json").path("schema"));
            assertThat(body.path("properties").has("effectiveAt")).as(entry.name() + " documents effectiveAt").isTrue();
            assertThat(body.path("properties").has("citation")).as(entry.name() + " documents citation").isTrue();
            assertThat(headerParameter(post, "Idempotency-Key")).as(entry.name() + " documents Idempotency-Key").isPresent();
            Optional<JsonNode> ifMatch = headerParameter(post, "If-Match");
            assertThat(ifMatch).as(entry.name() + " documents If-Match").isPresent();
            assertThat(ifMatch.get().path("description").asText()).contains("412");
            assertThat(post.path("responses").path("200").path("headers").has("ETag")).as(entry.name() + " documents ETag").isTrue();
            assertThat(post.path("responses").has("412")).as(entry.name() + " documents 412").isTrue();
        }
    }

    /** The one answer that is not JSON: a signed checkpoint, whose format (a C2SP signed note) is text. */
    static final java.util.Set<String> TEXT_ANSWERS = java.util.Set.of("/api/v1/audit/log/checkpoint");

    @Test
    void readsAnswerJsonAndProblems() {
        List<String> wrong = new ArrayList<>();
        docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                operation.getValue().path("responses").properties().forEach(response -> {
                    String expected = !response.getKey().startsWith("2") ? "application/problem+json"
                            : TEXT_ANSWERS.contains(path.getKey()) ? "text/plain"
                            : path.getKey().equals("/api/v1/live") ? "text/event-stream" : "application/json";
                    response.getValue().path("content").fieldNames().forEachRemaining(type -> {
                        if (!type.equals(expected)) {
                            wrong.add(operation.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey() + ": " + type);
                        }
                    });
                })));
        assertThat(wrong).isEmpty();
    }

    @Test
    void theProblemSchemaDescribesRuleAndFieldErrors() {
        JsonNode problem = resolve(docs.path("paths").path(COMMANDS + "appoint-lead").path("post").path("responses").path("422")
                .path("content").path("application/problem+json").path("schema"));
        assertThat(problem.path("properties").has("rule")).isTrue();
        JsonNode error = resolve(problem.path("properties").path("errors").path("items"));
        assertThat(error.path("properties").has("field")).isTrue();
        assertThat(error.path("properties").has("message")).isTrue();
    }

    @Test
    void everyDocumentedExampleIsValidAgainstItsSchema() {
        List<String> invalid = new ArrayList<>();
        int examples = 0;
        for (CommandCatalog.Entry entry : CommandCatalog.all()) {
            JsonNode media = docs.path("paths").path(COMMANDS + entry.name()).path("post").path("requestBody").path("content")
                    .path("application/json");
            JsonNode example = media.path("examples").path(entry.name()).path("value");
            assertThat(example.isMissingNode()).as(entry.name() + " has an example").isFalse();
            examples++;
            invalid.addAll(validate("example of " + entry.name(), media.path("schema"), example));
        }
        assertThat(examples).isEqualTo(CommandCatalog.all().size());
        assertThat(invalid).isEmpty();
    }

    @Test
    void everyAnswerOfTheWalkthroughAndOfTheUsualRefusalsIsValidAgainstTheDocument() throws IOException, InterruptedException {
        List<Exchange> exchanges = new ArrayList<>();
        Walkthrough.run(port, exchanges::add);
        exchanges.addAll(refusals());
        List<String> invalid = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            invalid.addAll(check(exchange));
        }
        assertThat(exchanges).hasSizeGreaterThan(60);
        // the walkthrough's refusals and these are problem documents: they are validated too
        assertThat(exchanges).filteredOn(e -> e.answer().status() >= 400).hasSizeGreaterThanOrEqualTo(10);
        assertThat(invalid).isEmpty();
    }

    /** Refusals people meet, one of each kind the document describes, on the state the walkthrough left. */
    private List<Exchange> refusals() {
        List<Exchange> sent = new ArrayList<>();
        String cooper = "{\"structureId\":\"cmcc\",\"postId\":\"military-lead\",\"appointedBy\":\"Secretary of War\","
                + "\"appointee\":{\"name\":\"Someone\",\"titleOrRank\":\"General\",\"nationality\":\"usa\",\"service\":\"MILITARY\"}}";
        sent.add(post("coordinator", "appoint-lead", cooper, Map.of()));                                        // 400: errors
        sent.add(post("coordinator", "appoint-lead", "{\"structureId\":\"cmcc\",", Map.of()));                 // 400: malformed
        sent.add(post(null, "attach-staff", "{}", Map.of()));                                                   // 401
        sent.add(post("viewer", "attach-staff", "{}", Map.of()));                                               // 403
        sent.add(post("coordinator", "attach-staff", "{\"structureId\":\"no-such-center\",\"nation\":\"USA\",\"personnel\":1}",
                Map.of()));                                                                                     // 404
        sent.add(post("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}",
                Map.of("If-Match", "\"1\"")));                                                                  // 412
        sent.add(post("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"USA\",\"personnel\":1}",
                Map.of("Content-Type", "text/plain")));                                                         // 415
        sent.add(post("coordinator", "detach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":50}",
                Map.of("Idempotency-Key", "detach-too-many")));                                                 // 422
        sent.add(post("coordinator", "detach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":50}",
                Map.of("Idempotency-Key", "detach-too-many")));                                                 // 422 replayed
        sent.add(post("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":1}",
                Map.of("Idempotency-Key", "detach-too-many")));                                                 // 409: key reused
        sent.add(get("viewer", "/api/v1/command-structures/no-such-center"));                                  // 404
        sent.add(get("viewer", "/api/v1/command-structures/cmcc?asOf=yesterday"));                             // 400
        sent.add(get("viewer", "/api/v1/audit/events"));                                                       // 403
        sent.add(get("auditor", "/api/v1/audit/events?limit=5"));                                              // 200
        sent.add(get("viewer", "/api/v1/forces/isf"));                                                         // 200
        sent.add(get("auditor", "/api/v1/audit/aggregates/CommandStructure/cmcc/events?limit=3"));              // 200: one stream
        sent.add(get("auditor", "/api/v1/audit/aggregates/cmcc/events?limit=3"));                               // 200: every kind
        sent.add(get("auditor", "/api/v1/audit/aggregates/Fleet/cmcc/events"));                                 // 400: no such kind
        sent.add(get("auditor", "/api/v1/audit/aggregates/Mandate/cmcc/events"));                               // 404
        assertThat(sent).extracting(e -> e.answer().status())
                .containsExactly(400, 400, 401, 403, 404, 412, 415, 422, 422, 409, 404, 400, 403, 200, 200, 200, 200, 400, 404);
        return sent;
    }

    private Exchange post(String user, String command, String body, Map<String, String> headers) {
        URI uri = ledger.uri(COMMANDS + command);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", LedgerClient.basic(user));
        }
        headers.forEach(request::header);
        return new Exchange(command, "POST", uri, headers, body, ledger.raw(request.build()));
    }

    private Exchange get(String user, String path) {
        return new Exchange(path, "GET", ledger.uri(path), Map.of(), null, ledger.get(user, path));
    }

    /** The exchange against the operation documented for it: status, media type, headers, request and answer bodies. */
    private List<String> check(Exchange exchange) {
        String what = exchange.method() + " " + exchange.uri().getPath() + " (" + exchange.title() + ") → " + exchange.answer().status();
        JsonNode operation = operation(exchange.method(), exchange.uri().getPath());
        if (operation == null) {
            return List.of(what + ": no such operation documented");
        }
        List<String> problems = new ArrayList<>();
        // a body the ledger read as well-formed must fit the documented request schema; refused unread
        // (401, 403, 415) or as malformed (400, 413), it is not the document's to describe
        boolean bodyRead = !List.of(400, 401, 403, 413, 415).contains(exchange.answer().status());
        if (exchange.body() != null && !exchange.body().isBlank() && bodyRead) {
            problems.addAll(validate(what + " request", operation.path("requestBody").path("content").path("application/json")
                    .path("schema"), read(exchange.body())));
        }
        JsonNode response = operation.path("responses").path(String.valueOf(exchange.answer().status()));
        if (response.isMissingNode()) {
            return List.of(what + ": status not documented");
        }
        String answered = exchange.answer().header("Content-Type");
        String mediaType = answered == null ? null : answered.split(";")[0].trim();
        JsonNode media = response.path("content").path(mediaType == null ? "" : mediaType);
        if (media.isMissingNode()) {
            problems.add(what + ": answered " + answered + ", documented " + response.path("content").fieldNames().next());
            return problems;
        }
        response.path("headers").fieldNames().forEachRemaining(header -> {
            String value = exchange.answer().header(header);
            if ("ETag".equals(header) && exchange.answer().status() == 200 && value == null) {
                problems.add(what + ": no ETag");
            }
            if (value != null) {
                problems.addAll(validate(what + " header " + header, response.path("headers").path(header).path("schema"),
                        JSON.getNodeFactory().textNode(value)));
            }
        });
        problems.addAll(validate(what, media.path("schema"), exchange.answer().json()));
        return problems;
    }

    /** The operation whose path template matches {@code path}. */
    private JsonNode operation(String method, String path) {
        for (Map.Entry<String, JsonNode> template : docs.path("paths").properties()) {
            String regex = "^" + Pattern.quote(template.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
            if (Pattern.matches(regex, path) && template.getValue().has(method.toLowerCase())) {
                return template.getValue().get(method.toLowerCase());
            }
        }
        return null;
    }

    /** Validates {@code instance} against {@code schema}, whose $refs point into the (closed) components. */
    private List<String> validate(String what, JsonNode schema, JsonNode instance) {
        if (schema.isMissingNode()) {
            return List.of(what + ": no schema documented");
        }
        ObjectNode root = closeObjects(schema.deepCopy());
        root.set("components", closedComponents);
        Schema validator = schemas.getSchema(root);
        List<Error> errors = validator.validate(instance);
        return errors.stream().map(e -> what + ": " + e.getInstanceLocation() + " " + e.getMessage() + " in " + instance).toList();
    }

    /** Every object schema with properties and no word on others gets additionalProperties: false. */
    private static <T extends JsonNode> T closeObjects(T node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            if (object.has("properties") && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(ApiSchemaIT::closeObjects);
        } else if (node.isArray()) {
            node.elements().forEachRemaining(ApiSchemaIT::closeObjects);
        }
        return node;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.isEmpty() ? schema : docs.at(ref.substring(1));
    }

    private static Optional<JsonNode> headerParameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if ("header".equals(parameter.path("in").asText()) && name.equals(parameter.path("name").asText())) {
                return Optional.of(parameter);
            }
        }
        return Optional.empty();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
