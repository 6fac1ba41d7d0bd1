package org.coordination.ledger.structure.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.readmodel.ReadModels;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reads", description = "Read models; every read accepts asOf (effective time) and recordedAsOf (recorded time)")
class CommandStructureQueries {

    private final ReadModels readModels;

    CommandStructureQueries(ReadModels readModels) {
        this.readModels = readModels;
    }

    @GetMapping("/api/v1/command-structures/{structureId}")
    @Operation(summary = "The command structure: posts as a tree with office holders, lines, relationships, staff attached")
    CommandStructureView.Response structure(@PathVariable String structureId, @RequestParam(required = false) String asOf,
                                            @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        return readModels.require(CommandStructureView.MODEL, structureId, CommandStructureView.class, at, "command structure")
                .toResponse(at.isCurrent() ? null : at);
    }
}
