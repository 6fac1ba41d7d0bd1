package org.coordination.ledger.structure.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.readmodel.ReadModels;
import java.util.ArrayList;
import java.util.List;
import org.coordination.ledger.force.query.ForceView;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reads", description = "Read models; every read accepts asOf (effective time) and recordedAsOf (recorded time)")
class CommandStructureQueries {

    private final ReadModels readModels;
    private final JdbcTemplate jdbc;

    CommandStructureQueries(ReadModels readModels, JdbcTemplate jdbc) {
        this.readModels = readModels;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/v1/command-structures/{structureId}")
    @Operation(summary = "The command structure: posts as a tree with office holders, lines, relationships, staff attached")
    CommandStructureView.Response structure(@PathVariable String structureId, @RequestParam(required = false) String asOf,
                                            @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        return readModels.require(CommandStructureView.TYPE, structureId, at, "command structure")
                .toResponse(at.isCurrent() ? null : at).withContingents(contingents(structureId, at));
    }

    /**
     * The contingents forces placed under this structure's posts, as of the same time. Now: the forces
     * whose documents place a pledge here. Earlier: every force, folded to that time (a pledge may have
     * been placed here then and moved since).
     */
    private List<CommandStructureView.Contingent> contingents(String structureId, AsOf at) {
        List<String> forces = at.isCurrent()
                ? jdbc.queryForList("SELECT id FROM read_model WHERE model = ? AND jsonb_path_exists(document, "
                        + "'$.pledges.* ? (@.transferredToStructure == $s)', jsonb_build_object('s', ?::text))", String.class,
                        ForceView.MODEL, structureId)
                : jdbc.queryForList("SELECT id FROM read_model WHERE model = ?", String.class, ForceView.MODEL);
        List<CommandStructureView.Contingent> placed = new ArrayList<>();
        for (String force : forces) {
            readModels.read(ForceView.TYPE, force, at).ifPresent(view -> view.placedUnder(structureId)
                    .forEach(c -> placed.add(new CommandStructureView.Contingent(c.contributionId(), c.nation(), c.forceId(), c.postId(),
                            c.authority(), c.deployedPersonnel()))));
        }
        return placed;
    }
}
