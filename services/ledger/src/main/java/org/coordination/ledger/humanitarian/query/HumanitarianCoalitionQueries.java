package org.coordination.ledger.humanitarian.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.readmodel.ReadModels;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reads")
class HumanitarianCoalitionQueries {

    private final ReadModels readModels;

    HumanitarianCoalitionQueries(ReadModels readModels) {
        this.readModels = readModels;
    }

    @GetMapping("/api/v1/humanitarian-coalitions/{coalitionId}")
    @Operation(summary = "Humanitarian partners: members, cap usage, vetting, exclusions with both citations")
    HumanitarianCoalitionView.Response coalition(@PathVariable String coalitionId, @RequestParam(required = false) String asOf,
                                                 @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        return readModels.require(HumanitarianCoalitionView.TYPE, coalitionId, at, "humanitarian coalition")
                .toResponse(at.isCurrent() ? null : at);
    }
}
