package org.coordination.ledger.structure.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.readmodel.ReadModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Comparator;
import org.coordination.ledger.force.query.PledgeView;
import org.coordination.ledger.readmodel.ReadLookup;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reads", description = "Read models; every read accepts asOf (effective time) and recordedAsOf (recorded time)")
class CommandStructureQueries {

    private final ReadModels readModels;
    private final ReadLookup lookup;
    private final PostTenures tenures;

    CommandStructureQueries(ReadModels readModels, ReadLookup lookup, PostTenures tenures) {
        this.readModels = readModels;
        this.lookup = lookup;
        this.tenures = tenures;
    }

    @GetMapping("/api/v1/command-structures/{structureId}")
    @Operation(summary = "The command structure: posts as a tree with office holders, lines, relationships, staff attached")
    CommandStructureView.Response structure(@PathVariable String structureId, @RequestParam(required = false) String asOf,
                                            @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        CommandStructureView view = readModels.require(CommandStructureView.TYPE, structureId, at, "command structure");
        return view.toResponse(at.isCurrent() ? null : at, tenures.of(structureId, view.version(), at))
                .withContingents(contingents(structureId, at));
    }

    /**
     * The contingents forces placed under this structure's posts, as of the same time: the pledges ever
     * placed here (the lookup keeps every placement, also those undone since), each read as of that time
     * and asked whether it was deployed here then. Only those pledges, never every force; by force, then
     * in roster order.
     */
    private List<CommandStructureView.Contingent> contingents(String structureId, AsOf at) {
        List<PledgeView> placed = new ArrayList<>(
                readModels.readAll(PledgeView.TYPE, lookup.contributionsPlacedUnder(structureId), at));
        placed.sort(Comparator.comparing(PledgeView::forceId).thenComparing(PledgeView.ROSTER_ORDER));
        return placed.stream().flatMap(pledge -> pledge.placedUnder(structureId).stream())
                .map(c -> new CommandStructureView.Contingent(c.contributionId(), c.nation(), c.forceId(), c.postId(), c.authority(),
                        c.deployedPersonnel()))
                .toList();
    }
}
