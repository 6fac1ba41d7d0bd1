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
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
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
import java.util.Map;
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
            openApi.addSecurityItem(new SecurityRequirement().addList("basic").addList("bearer"));
            Schema<?> problem = new Schema<>().$ref("#/components/schemas/ProblemDetail");
            components.addSchemas("ProblemDetail", ModelConverters.getInstance()
                    .readAllAsResolvedSchema(new AnnotatedType(org.springframework.http.ProblemDetail.class)).schema);
            ResolvedSchema response = ModelConverters.getInstance().readAllAsResolvedSchema(new AnnotatedType(CommandResponse.class));
            components.addSchemas("CommandResponse", response.schema);
            response.referencedSchemas.forEach(components::addSchemas);
            for (CommandCatalog.Entry entry : CommandCatalog.all()) {
                ResolvedSchema schema = ModelConverters.getInstance().readAllAsResolvedSchema(new AnnotatedType(entry.type()));
                components.addSchemas(entry.type().getSimpleName(), schema.schema);
                schema.referencedSchemas.forEach(components::addSchemas);
                MediaType body = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + entry.type().getSimpleName()));
                JsonNode example = examples.get(entry.name());
                if (example != null) {
                    body.addExamples(entry.name(), new Example().value(example));
                }
                Content problems = new Content().addMediaType("application/problem+json", new MediaType().schema(problem));
                Operation operation = new Operation()
                        .operationId(entry.name())
                        .addTagsItem("Commands: " + entry.aggregateType())
                        .summary(entry.type().getSimpleName())
                        .description("Issued by " + entry.roles() + (entry.ownership() == CommandCatalog.Ownership.NONE ? ""
                                : " (for their own " + (entry.ownership().name().contains("PARTY") ? "party" : "nation") + ")")
                                + ". Optional body fields `effectiveAt` (ISO instant or date) and `citation` are recorded as provenance.")
                        .addParametersItem(new HeaderParameter().name("Idempotency-Key").schema(new StringSchema())
                                .description("Replays return the first answer; the same key with another body is a 409"))
                        .addParametersItem(new HeaderParameter().name("If-Match").schema(new StringSchema())
                                .description("\"<version>\": apply only if the aggregate is at that version, else 409"))
                        .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json", body)))
                        .responses(new ApiResponses()
                                .addApiResponse("200", new ApiResponse().description("Accepted; the events written")
                                        .content(new Content().addMediaType("application/json",
                                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/CommandResponse")))))
                                .addApiResponse("400", new ApiResponse().description("Malformed or invalid: errors name field and rule").content(problems))
                                .addApiResponse("401", new ApiResponse().description("Not authenticated").content(problems))
                                .addApiResponse("403", new ApiResponse().description("Role, nation or party not allowed").content(problems))
                                .addApiResponse("404", new ApiResponse().description("The target aggregate does not exist").content(problems))
                                .addApiResponse("409", new ApiResponse().description("Version conflict or idempotency key reuse").content(problems))
                                .addApiResponse("422", new ApiResponse().description("A business rule refused it; `rule` names it").content(problems))
                                .addApiResponse("503", new ApiResponse().description("The store is unavailable; see Retry-After").content(problems)));
                openApi.path("/api/v1/commands/" + entry.name(), new PathItem().post(operation));
            }
        };
    }
}
