package org.coordination.ledger.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.coordination.ledger.problem.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/audit/replays}: rebuild read models from the first event; progress at {@code GET .../{id}}. */
@RestController
@Tag(name = "Audit")
class ReplayController {

    /** Which read models to rebuild: names, or "all". */
    record ReplayRequest(List<String> projections) {
    }

    private final ReplayService replays;

    ReplayController(ReplayService replays) {
        this.replays = replays;
    }

    @PostMapping("/api/v1/audit/replays")
    @Operation(summary = "Rebuild read models aside from the first event, then switch; the API keeps answering meanwhile")
    ResponseEntity<ReplayService.Progress> start(@RequestBody(required = false) ReplayRequest request) {
        ReplayService.Progress progress = replays.start(request == null ? null : request.projections());
        return ResponseEntity.accepted().location(URI.create("/api/v1/audit/replays/" + progress.replayId())).body(progress);
    }

    @GetMapping("/api/v1/audit/replays/{replayId}")
    @Operation(summary = "A replay's progress: events done of total, rate, estimated time left, state")
    ReplayService.Progress progress(@PathVariable String replayId) {
        return replays.progress(replayId).orElseThrow(() -> ApiProblem.notFound("No replay " + replayId));
    }

    @GetMapping("/api/v1/audit/replays")
    @Operation(summary = "The replays since the service started")
    List<ReplayService.Progress> all() {
        return replays.all();
    }
}
