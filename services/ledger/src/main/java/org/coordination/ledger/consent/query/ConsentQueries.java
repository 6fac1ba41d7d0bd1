package org.coordination.ledger.consent.query;

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
class ConsentQueries {

    private final ReadModels readModels;

    ConsentQueries(ReadModels readModels) {
        this.readModels = readModels;
    }

    @GetMapping("/api/v1/consent-registers/{registerId}")
    @Operation(summary = "A party's consent register: consent and objections to contributing nations")
    ConsentRegisterView.Response register(@PathVariable String registerId, @RequestParam(required = false) String asOf,
                                          @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        return readModels.require(ConsentRegisterView.TYPE, registerId, at, "consent register")
                .toResponse(at.isCurrent() ? null : at);
    }
}
