package org.coordination.ledger.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.readmodel.StoredTokens;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit/processors}: how far behind the event store each event processor is (read
 * models, policies, the Kafka publisher, the Merkle log), from the tokens they store, so it holds for
 * whichever instance runs them.
 */
@RestController
@Tag(name = "Audit")
class ProcessorLagController {

    /** The store's last global index and every processor's slowest segment. */
    record ProcessorLag(long head, List<Processor> processors) {
    }

    /** A processor's slowest segment's position (-1: not started) and the events between it and the head. */
    record Processor(String name, long position, long lag) {
    }

    private final StoredTokens tokens;

    ProcessorLagController(StoredTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/api/v1/audit/processors")
    @Operation(summary = "Each event processor's position and lag behind the event store's head")
    ProcessorLag processors() {
        StoredTokens.Progress progress = tokens.progress();
        List<Processor> processors = progress.positions().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> new Processor(entry.getKey(), entry.getValue(), progress.behind(entry.getKey())))
                .toList();
        return new ProcessorLag(progress.head(), processors);
    }
}
