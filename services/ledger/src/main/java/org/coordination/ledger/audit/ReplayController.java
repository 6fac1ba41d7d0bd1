package org.coordination.ledger.audit;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.problem.JsonBody;
import org.coordination.ledger.readmodel.rebuild.Progress;
import org.coordination.ledger.readmodel.rebuild.Rebuilds;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/audit/replays}: rebuild read models from the first event; progress at {@code GET .../{id}}.
 * Any instance takes the request and answers for its progress; the instance that runs the read-models
 * processor carries it out (docs/adr/0009-replay-through-a-shadow-processor.md).
 */
@RestController
@Tag(name = "Audit")
class ReplayController {

    /** Which read models to rebuild: names, or "all". The body's schema in the OpenAPI document; {@link #projections} reads it. */
    record ReplayRequest(List<String> projections) {
    }

    private final Rebuilds rebuilds;

    ReplayController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    /**
     * Only application/json is read (Spring MVC answers any other Content-Type 415 naming it); the body is read
     * strictly, as commands are (CommandRequestReader): no unknown fields, no duplicate keys, no string for the list,
     * each refusal naming the field, so that a mistyped request starts nothing instead of a rebuild of everything.
     */
    @PostMapping(path = "/api/v1/audit/replays", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rebuild read models aside from the first event, then switch; the API keeps answering meanwhile")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = ReplayRequest.class)))
    ResponseEntity<Progress> start(@RequestBody(required = false) byte[] body) {
        Progress progress = rebuilds.start(body == null || body.length == 0 ? null : projections(body));
        return ResponseEntity.accepted().location(URI.create("/api/v1/audit/replays/" + progress.replayId())).body(progress);
    }

    private static final ObjectMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** {@code {"projections": [names]}}, the one field, or {@code {}}; null when no names were given. */
    static List<String> projections(byte[] body) {
        JsonNode tree = JsonBody.object(STRICT, body);
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("projections")) {
                throw ApiProblem.invalidField(ApiProblem.echo(name), "unknown field; known fields are [projections]");
            }
        }
        JsonNode projections = tree.get("projections");
        if (projections == null || projections.isNull()) {
            return null;
        }
        if (!projections.isArray()) {
            throw ApiProblem.invalidField("projections", "must be an array of read model names, or [\"all\"]");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < projections.size(); i++) {
            if (!projections.get(i).isTextual()) {
                throw ApiProblem.invalidField("projections[" + i + "]", "must be a string");
            }
            names.add(projections.get(i).asText());
        }
        return names;
    }

    @GetMapping("/api/v1/audit/replays/{replayId}")
    @Operation(summary = "A replay's progress: events done of total, rate, estimated time left, state")
    Progress progress(@PathVariable String replayId) {
        return rebuilds.progress(replayId).orElseThrow(() -> ApiProblem.notFound("No replay " + replayId));
    }

    @GetMapping("/api/v1/audit/replays")
    @Operation(summary = "The most recent replays (up to 100), newest first, whichever instance ran them")
    List<Progress> all() {
        return rebuilds.recent();
    }
}
