package org.coordination.ledger.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.coordination.ledger.problem.ApiProblem;
import org.coordination.ledger.readmodel.rebuild.Progress;
import org.coordination.ledger.readmodel.rebuild.Rebuilds;
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

    /** Which read models to rebuild: names, or "all". */
    record ReplayRequest(List<String> projections) {
    }

    private final Rebuilds rebuilds;

    ReplayController(Rebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @PostMapping("/api/v1/audit/replays")
    @Operation(summary = "Rebuild read models aside from the first event, then switch; the API keeps answering meanwhile")
    ResponseEntity<Progress> start(@RequestBody(required = false) ReplayRequest request) {
        Progress progress = rebuilds.start(request == null ? null : request.projections());
        return ResponseEntity.accepted().location(URI.create("/api/v1/audit/replays/" + progress.replayId())).body(progress);
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
