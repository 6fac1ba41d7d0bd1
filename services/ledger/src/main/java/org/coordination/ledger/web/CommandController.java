package org.coordination.ledger.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.regex.Pattern;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.problem.ProblemMapper;
import org.coordination.ledger.security.Actor;
import org.coordination.ledger.web.CommandService.Answer;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/commands/{command}}: every command people issue, one endpoint (api.md). */
@RestController
@RequestMapping("/api/v1/commands")
@Tag(name = "Commands", description = "Every change to the ledger is a command; each accepted command writes immutable events.")
class CommandController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    // package-private: the OpenAPI document states the same patterns, so they cannot drift apart
    static final Pattern KEY = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    static final Pattern VERSION = Pattern.compile("^(W/)?\"(\\d{1,18})\"$");

    private final CommandRequestReader reader;
    private final CommandAuthorization authorization;
    private final CommandService service;

    CommandController(CommandRequestReader reader, CommandAuthorization authorization, CommandService service) {
        this.reader = reader;
        this.authorization = authorization;
        this.service = service;
    }

    @io.swagger.v3.oas.annotations.Hidden // documented per command by OpenApiConfiguration
    @PostMapping(path = "/{command}", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @Operation(summary = "Issue a command", description = "See the examples per command in the request body; the command's fields "
            + "in camelCase, plus optional `effectiveAt` (when it took effect in the world) and `citation` (the document it rests on).")
    void issue(@Parameter(description = "the command in kebab-case, e.g. appoint-lead") @PathVariable("command") String name,
               HttpServletRequest request, HttpServletResponse response, Authentication authentication) throws IOException {
        answer(name, request, response, authentication);
    }

    /**
     * The same, on a known command's own path ({@link CommandPaths} maps each of them here): Spring MVC finds a
     * literal path by one hash lookup, where {@code /{command}} is tried against every mapping of every request.
     * The command's name is the path it was found under.
     */
    @io.swagger.v3.oas.annotations.Hidden
    void issueKnown(HttpServletRequest request, HttpServletResponse response, Authentication authentication) throws IOException {
        String path = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        answer(CommandPaths.commandOf(path), request, response, authentication);
    }

    /**
     * Reads the body and the headers from the request and writes the answer itself (status, type, ETag,
     * Idempotent-Replayed, Retry-After, length, bytes), as a {@code ResponseEntity<String>} through Spring MVC had: its
     * message converters, their content negotiation and body advice, and the resolution of each header through a data
     * binder were a tenth of the request thread's CPU at one client (docs/benchmarks.md, change 67). A refusal is
     * thrown before anything is written, so Spring MVC's exception handlers answer it as they answer every other.
     */
    private void answer(String name, HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        Answer answer = issueNamed(name, body.length == 0 ? null : body, header(request, IDEMPOTENCY_KEY),
                header(request, HttpHeaders.IF_MATCH), header(request, HttpHeaders.CONTENT_TYPE), authentication);
        response.setStatus(answer.status());
        response.setContentType(answer.status() == 200 ? MediaType.APPLICATION_JSON_VALUE : MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (answer.status() == 200 && answer.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, ETag.quoteETagIfNecessary(answer.etag()));
        }
        if (answer.replayed()) {
            response.setHeader(REPLAYED, "true");
        }
        if (answer.status() == 503) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(ProblemMapper.RETRY_AFTER_SECONDS));
        }
        if (answer.body() != null) {
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8); // as Spring's converter writes JSON: UTF-8, no charset named
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    /**
     * A header's value as {@code @RequestHeader String} reads it: a header sent more than once is its values joined
     * with commas, which no pattern of the API accepts, so two Idempotency-Keys or If-Matches are refused, not the
     * first one taken.
     */
    private static String header(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        return values.hasMoreElements() ? first + "," + String.join(",", Collections.list(values)) : first;
    }

    private Answer issueNamed(String name, byte[] body, String idempotencyKey, String ifMatch, String contentType,
                              Authentication authentication) {
        CommandCatalog.Entry entry = CommandCatalog.find(name).orElseThrow(() -> ApiProblem.invalidField("command",
                "unknown command '" + abbreviate(name) + "'; known commands are " + CommandCatalog.names()));
        Actor actor = Actor.of(authentication);
        // authorization comes before the body is read: a caller who may not issue the command learns nothing about it
        authorization.checkRole(actor, entry);
        requireJson(contentType);
        Long expectedVersion = expectedVersion(ifMatch);
        if (idempotencyKey != null && !KEY.matcher(idempotencyKey).matches()) {
            throw ApiProblem.invalidField(IDEMPOTENCY_KEY, "1 to 128 letters, digits or . _ : -");
        }
        JsonNode tree = reader.parse(body);
        authorization.checkOwnership(actor, entry, tree);
        CommandRequestReader.CommandRequest request = reader.read(tree, entry.type());
        return service.issue(actor, entry, request, tree, idempotencyKey, expectedVersion);
    }

    private static void requireJson(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (RuntimeException e) {
            type = null;
        }
        if (type == null || !(type.isCompatibleWith(MediaType.APPLICATION_JSON) && "json".equals(type.getSubtype()))) {
            throw new ApiProblem(org.springframework.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Unsupported media type", "Commands are sent as application/json",
                    java.util.Map.of("errors", java.util.List.of(new ApiProblem.FieldError("Content-Type", "must be application/json"))));
        }
    }

    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        var matcher = VERSION.matcher(ifMatch.trim());
        if (!matcher.matches()) {
            throw ApiProblem.invalidField(HttpHeaders.IF_MATCH, "must be the aggregate version as an entity tag, e.g. \"5\"");
        }
        if (matcher.group(1) != null) {
            // If-Match compares entity tags strongly (RFC 9110, 13.1.1): a weak one matches no version
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "version-mismatch", "Precondition failed", "A weak entity tag (W/\""
                    + matcher.group(2) + "\") never matches: If-Match compares strongly; send the ETag as the ledger gave it. Nothing was written",
                    java.util.Map.of());
        }
        return Long.valueOf(matcher.group(2));
    }

    private static String abbreviate(String value) {
        return ApiProblem.echo(value); // 64 code points at most, control and bidirectional characters written as \\uXXXX
    }
}
