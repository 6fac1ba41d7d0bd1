package org.coordination.ledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: one operation per command (the HTTP endpoint is generic, the contract is not),
 * each with its schema, who may issue it, and an example body from {@code openapi/command-examples.json},
 * the same examples the tests issue against the running service.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String EXAMPLES = "/openapi/command-examples.json";

    static Map<String, JsonNode> examples(ObjectMapper json) {
        try (InputStream in = OpenApiConfiguration.class.getResourceAsStream(EXAMPLES)) {
            JsonNode tree = json.readTree(in);
            return CommandCatalog.names().stream().filter(tree::has).collect(Collectors.toMap(n -> n, tree::get));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What CommandRequestReader accepts as effectiveAt: an ISO-8601 date, or an instant (UTC or with an offset) to the
     * microsecond at most (nanosecond digits only as zeros).
     */
    static final String EFFECTIVE_AT_PATTERN =
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6}(0{1,3})?)?)?(Z|[+-][0-9]{2}:[0-9]{2}))?$";
    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";
    static final String COMMANDS = "/api/v1/commands/";

    @Bean
    OpenApiCustomizer commandOperations(ObjectMapper json) {
        Map<String, JsonNode> examples = examples(json);
        return openApi -> {
            openApi.info(new Info().title("Coordination Ledger API").version("v1")
                    .description("Commands change the ledger; reads answer now, asOf an effective time, or recordedAsOf a recorded time."));
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.components(components
                    .addSecuritySchemes("basic", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                            .description("Demo users in the default profile (password = user name), local use only"))
                    .addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                            .description("The prod profile: JWTs with roles and nation/party claims")));
            // one entry per scheme: either authenticates (Basic in the default profile, a JWT in prod);
            // both in one entry would mean both at once
            openApi.setSecurity(List.of(new SecurityRequirement().addList("basic"), new SecurityRequirement().addList("bearer")));
            components.addSchemas(FIELD_ERROR, fieldErrorSchema());
            components.addSchemas(PROBLEM, problemSchema());
            ResolvedSchema response = ModelConverters.getInstance().readAllAsResolvedSchema(new AnnotatedType(CommandResponse.class));
            components.addSchemas("CommandResponse", response.schema);
            response.referencedSchemas.forEach(components::addSchemas);
            for (CommandCatalog.Entry entry : CommandCatalog.all()) {
                ResolvedSchema schema = ModelConverters.getInstance().readAllAsResolvedSchema(new AnnotatedType(entry.type()));
                components.addSchemas(entry.type().getSimpleName(), withProvenance(schema.schema));
                schema.referencedSchemas.forEach(components::addSchemas);
                requirePrimitives(entry.type(), components.getSchemas(), new HashSet<>());
                openApi.path(COMMANDS + entry.name(), new PathItem().post(commandOperation(entry, examples.get(entry.name()))));
            }
            Schema<?> post = components.getSchemas() == null ? null : components.getSchemas().get("PostNode");
            if (post != null && post.getProperties() != null && !post.getProperties().containsKey("subordinates")) {
                // swagger-core leaves out the one property of the post tree that refers to its own record type
                post.addProperty("subordinates", new ArraySchema().items(ref("PostNode")).description("The posts under this one"));
            }
            openApi.getPaths().forEach((path, item) -> {
                if (!path.startsWith(COMMANDS)) {
                    item.readOperationsMap().forEach((method, operation) -> documentRead(path, method, operation));
                }
            });
        };
    }

    /**
     * A field of a primitive type (a count, a version) cannot be left out: the reader refuses a body without it
     * ("must be an integer"), as it cannot be null. swagger-core marks only the annotated fields required, so these are
     * added, in the command's schema and in those of the records it holds (a pledge's units, a unit's rotation, a vote).
     */
    private static void requirePrimitives(Class<?> type, Map<String, Schema> schemas, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return;
        }
        Schema<?> schema = schemas.get(type.getSimpleName());
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getType().isPrimitive() && schema != null && schema.getProperties() != null
                    && schema.getProperties().containsKey(component.getName())
                    && (schema.getRequired() == null || !schema.getRequired().contains(component.getName()))) {
                schema.addRequiredItem(component.getName());
            }
            requirePrimitives(component.getType(), schemas, seen);
            if (component.getGenericType() instanceof ParameterizedType generic) {
                for (Type argument : generic.getActualTypeArguments()) {
                    if (argument instanceof Class<?> element) {
                        requirePrimitives(element, schemas, seen);
                    }
                }
            }
        }
    }

    /**
     * The body of a command is its fields plus the two provenance fields CommandRequestReader takes off
     * it before reading the command. Over HTTP, {@code citation} is always the provenance one (for
     * object-to-contributor too, whose own field of that name it replaces here, as it does in the reader).
     */
    private static Schema<?> withProvenance(Schema<?> command) {
        command.addProperty("effectiveAt", new StringSchema().pattern(EFFECTIVE_AT_PATTERN)
                .description("When the decision took effect in the world: an ISO-8601 instant (2025-10-17T09:00:00Z) or a date "
                        + "(2025-10-17, meaning its midnight UTC). Defaults to the time the ledger records the command. "
                        + "Recorded as provenance in every event's metadata; rules that depend on a date use it.")
                .example("2025-10-17"));
        command.addProperty("citation", new StringSchema().minLength(1).maxLength(CommandRequestReader.MAX_CITATION_LENGTH).pattern("\\S")
                .description("The document the decision rests on (resolution symbol, note verbale, order). Recorded as provenance "
                        + "in every event's metadata.")
                .example("S/RES/2803 (2025)"));
        return command;
    }

    private static Operation commandOperation(CommandCatalog.Entry entry, JsonNode example) {
        MediaType body = new MediaType().schema(ref(entry.type().getSimpleName()));
        if (example != null) {
            body.addExamples(entry.name(), new Example().value(example));
        }
        Header etag = new Header().schema(new StringSchema().pattern("^\"[0-9]+\"$"))
                .description("The aggregate's version after the command (its last event's sequence), as an entity tag; "
                        + "send it back as If-Match to apply a later command only at that version");
        Header replayed = new Header().schema(new StringSchema()._enum(List.of("true")))
                .description("Present when this is the stored answer to an earlier request with the same Idempotency-Key; nothing was written now");
        return new Operation()
                .operationId(entry.name())
                .addTagsItem("Commands: " + entry.aggregateType())
                .summary(entry.type().getSimpleName())
                .description("Issued by " + entry.roles() + (entry.ownership() == CommandCatalog.Ownership.NONE ? ""
                        : " (for their own " + (entry.ownership().name().contains("PARTY") ? "party" : "nation") + ")")
                        + ". Optional body fields `effectiveAt` (ISO instant or date) and `citation` are recorded as provenance.")
                .addParametersItem(new HeaderParameter().name("Idempotency-Key").required(false)
                        .schema(new StringSchema().pattern(CommandController.KEY.pattern()))
                        .description("Scoped to the caller. A repeat with the same body returns the first answer (Idempotent-Replayed: true) "
                                + "and writes nothing; the same key with another body is a 409. The ledger's refusals of a command (404, 422) "
                                + "are remembered; a body refused before the key is looked at (malformed JSON, an invalid field: 400), 409, 412 "
                                + "and 503 are not, so they may be sent again, corrected or retried, with the same key"))
                .addParametersItem(new HeaderParameter().name("If-Match").required(false)
                        .schema(new StringSchema().pattern(CommandController.VERSION.pattern()))
                        .description("\"<version>\" (an ETag of an earlier answer): apply only if the aggregate is still at that version; "
                                + "otherwise 412 and nothing is written"))
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json", body)))
                .responses(new ApiResponses()
                        .addApiResponse("200", new ApiResponse().description("Accepted; the events written")
                                .addHeaderObject("ETag", etag).addHeaderObject("Idempotent-Replayed", replayed)
                                .content(new Content().addMediaType("application/json", new MediaType().schema(ref("CommandResponse")))))
                        .addApiResponse("400", problem("Malformed or invalid: `errors` name each field that breaks a rule "
                                + "(a length, a range, a required field) and what is wrong; a field that cannot be read as its type at all (a word "
                                + "for a number, an illegal id or code) is named alone, before the rules are checked")
                                .addHeaderObject("Idempotent-Replayed", replayed))
                        .addApiResponse("401", problem("Not authenticated").addHeaderObject("WWW-Authenticate", new Header().schema(new StringSchema())))
                        .addApiResponse("403", problem("Role, nation or party not allowed"))
                        .addApiResponse("404", problem("The target aggregate does not exist").addHeaderObject("Idempotent-Replayed", replayed))
                        .addApiResponse("409", problem("Lost a race with other writers 5 times in a row, an Idempotency-Key reused with another body, "
                                + "or an id that belongs to an aggregate of another kind"))
                        .addApiResponse("412", problem("If-Match named a version the aggregate is no longer at; nothing was written"))
                        .addApiResponse("413", problem("The body is larger than the limit (64 KiB by default)"))
                        .addApiResponse("415", problem("The body is not application/json, or has a Content-Encoding other than identity"))
                        .addApiResponse("422", problem("A business rule refused it; `rule` names it (docs/domain.md). For ORGANIZATION_EXCLUDED the "
                                + "refusal is recorded and `events` lists the AdmissionDenied event").addHeaderObject("Idempotent-Replayed", replayed))
                        .addApiResponse("503", problem("The store could not be reached, or the connection broke before the outcome was known; "
                                + "retry with the same Idempotency-Key to learn it")
                                .addHeaderObject("Retry-After", new Header().schema(new IntegerSchema()).description("seconds"))));
    }

    /**
     * Reads answer JSON, and their errors are problem documents like the commands'; springdoc alone
     * would type them {@code *}{@code /*} and list no errors.
     */
    private static void documentRead(String path, PathItem.HttpMethod method, Operation operation) {
        ApiResponses responses = operation.getResponses();
        responses.values().forEach(response -> {
            Content content = response.getContent();
            if (content != null && content.containsKey("*/*")) {
                response.setContent(new Content().addMediaType("application/json", content.get("*/*")));
            }
        });
        boolean parameters = operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (parameters || operation.getRequestBody() != null) {
            responses.addApiResponse("400", problem("An invalid parameter or body: `errors` name each one"));
        }
        if (operation.getRequestBody() != null) {
            responses.addApiResponse("415", problem("The body is not application/json, or has a Content-Encoding other than identity: "
                    + "`errors` names the header"));
        }
        responses.addApiResponse("401", problem("Not authenticated"));
        if (path.startsWith("/api/v1/audit/")) {
            responses.addApiResponse("403", problem("Only auditors read the audit log"));
        }
        if (path.contains("{")) {
            responses.addApiResponse("404", problem("Nothing with that id (at that time, for asOf and recordedAsOf)"));
        }
        if (method == PathItem.HttpMethod.POST && path.equals("/api/v1/audit/replays")) {
            responses.addApiResponse("409", problem("A replay is running already"));
        }
        responses.addApiResponse("503", problem("The store could not be reached")
                .addHeaderObject("Retry-After", new Header().schema(new IntegerSchema()).description("seconds")));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json", new MediaType().schema(ref(PROBLEM))));
    }

    private static Schema<?> ref(String component) {
        return new Schema<>().$ref("#/components/schemas/" + component);
    }

    /** One field that failed validation, as CommandRequestReader and the request filters name it. */
    private static Schema<?> fieldErrorSchema() {
        return new ObjectSchema()
                .description("A field that failed and what is wrong with it")
                .addProperty("field", new StringSchema().description("A JSON path into the body (appointee.nationality, units[0].personnel), "
                        + "`body` for the body as a whole, or a header or parameter name (If-Match, asOf)"))
                .addProperty("message", new StringSchema().description("What is wrong, for a person"))
                .required(List.of("field", "message"));
    }

    /**
     * Every error of the API (RFC 9457). The members beyond the standard ones are those ApiProblem,
     * ProblemMapper, CommandService and the request filters set.
     */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("A problem document (RFC 9457), media type application/problem+json")
                .addProperty("type", new StringSchema().format("uri").description("urn:problem:coordination-ledger:<kind>, e.g. "
                        + "urn:problem:coordination-ledger:rule-violated"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What happened, for a person"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("The request path, where the framework sets it"))
                .addProperty("rule", new StringSchema().pattern("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
                        .description("422 only: the stable code of the business rule that refused the command (all codes: docs/domain.md)"))
                .addProperty("errors", new ArraySchema().items(ref(FIELD_ERROR)).minItems(1)
                        .description("400, 413, 415: each field, header or parameter that failed"))
                .addProperty("events", new ArraySchema().items(ref("EventRef"))
                        .description("422 ORGANIZATION_EXCLUDED only: the AdmissionDenied event that recorded the refusal"))
                .addProperty("position", new IntegerSchema().format("int64")
                        .description("422 ORGANIZATION_EXCLUDED only: the global index of the recorded refusal, for ?minPosition= on reads"))
                .addProperty("minPosition", new IntegerSchema().format("int64")
                        .description("503 read-model-behind only: the position the read waited for"))
                .addProperty("retryAfterSeconds", new IntegerSchema().description("503 only: when to retry, as in Retry-After"))
                .required(List.of("type", "title", "status"));
    }
}
