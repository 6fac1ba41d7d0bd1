package org.coordination.ledger.mandate.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.readmodel.ReadModels;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reads")
class MandateQueries {

    private final ReadModels readModels;
    private final Clock clock;

    MandateQueries(ReadModels readModels, Clock clock) {
        this.readModels = readModels;
        this.clock = clock;
    }

    @GetMapping("/api/v1/mandates/{mandateId}")
    @Operation(summary = "Mandate status: instruments, tasks, use of force, days to expiry, alerts")
    MandateView.Response mandate(@PathVariable String mandateId, @RequestParam(required = false) String asOf,
                                 @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        LocalDate on = at.referenceDate(LocalDate.now(clock));
        return readModels.require(MandateView.TYPE, mandateId, at, "mandate")
                .toResponse(on, at.isCurrent() ? null : at);
    }
}
