package org.coordination.ledger.force.query;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.consent.query.ConsentRegisterView;
import org.coordination.ledger.mandate.query.MandateView;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.readmodel.ReadLookup;
import org.coordination.ledger.readmodel.ReadModels;
import org.coordination.ledger.readmodel.ViewStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reads")
class ForceQueries {

    private final ReadModels readModels;
    private final ViewStore store;
    private final ReadLookup lookup;

    ForceQueries(ReadModels readModels, ViewStore store, ReadLookup lookup) {
        this.readModels = readModels;
        this.store = store;
        this.lookup = lookup;
    }

    private ForceView force(String forceId, AsOf at) {
        return readModels.require(ForceView.TYPE, forceId, at, "force");
    }

    /**
     * The force's pledges, in roster order: now, the documents listed by the force; as of an earlier
     * time, the pledges the lookup knows folded to that time in one go (those not yet pledged then are
     * left out).
     */
    private List<PledgeView> pledges(String forceId, AsOf at) {
        List<PledgeView> pledges = new ArrayList<>(at.isCurrent()
                ? store.byScope(PledgeView.MODEL, forceId, PledgeView.class).stream().filter(PledgeView::exists).toList()
                : readModels.readAll(PledgeView.TYPE, lookup.contributionsOfForce(forceId), at));
        pledges.sort(PledgeView.ROSTER_ORDER);
        return pledges;
    }

    private static Object echo(AsOf at) {
        return at.isCurrent() ? null : at;
    }

    @GetMapping("/api/v1/forces/{forceId}")
    @Operation(summary = "The force, its requirement lines and current ROE version")
    ForceView.Response force(@PathVariable String forceId, @RequestParam(required = false) String asOf,
                             @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        ForceView force = force(forceId, at);
        return force.toResponse(pledges(forceId, at).size(), echo(at));
    }

    @GetMapping("/api/v1/forces/{forceId}/roster")
    @Operation(summary = "The coalition roster: one row per pledge, totals against planned strength and ceiling, requirement gaps")
    ForceView.Roster roster(@PathVariable String forceId, @RequestParam(required = false) String asOf,
                            @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        ForceView force = force(forceId, at);
        Integer ceiling = readModels.read(MandateView.TYPE, force.mandateId(), at)
                .map(MandateView::troopCeiling).orElse(null);
        return force.toRoster(pledges(forceId, at), ceiling, echo(at));
    }

    @GetMapping("/api/v1/forces/{forceId}/roe-acknowledgements")
    @Operation(summary = "ROE acknowledgements: nations × versions, with caveats")
    ForceView.RoeAcknowledgements roeAcknowledgements(@PathVariable String forceId, @RequestParam(required = false) String asOf,
                                                      @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        ForceView force = force(forceId, at);
        return force.toRoeAcknowledgements(pledges(forceId, at), echo(at));
    }

    /** One party's stance towards each nation with a pledge in play. */
    record PartyRow(String party, String partyRole, String registerId, String consent, Map<String, String> nations) {
    }

    /** The consent board: parties × nations. */
    record ConsentBoard(String forceId, List<String> nations, List<PartyRow> parties, Object asOf) {
    }

    @GetMapping("/api/v1/forces/{forceId}/consent-board")
    @Operation(summary = "The consent board: parties × contributing nations (OBJECTS, or the party's consent status)")
    ConsentBoard consentBoard(@PathVariable String forceId, @RequestParam(required = false) String asOf,
                              @RequestParam(required = false) String recordedAsOf) {
        AsOf at = AsOf.parse(asOf, recordedAsOf);
        force(forceId, at); // 404 for a force that does not exist (then)
        List<String> nations = ForceView.nationsInPlay(pledges(forceId, at));
        List<PartyRow> parties = new ArrayList<>();
        for (String registerId : store.idsByScope(ConsentRegisterView.MODEL, forceId)) {
            readModels.read(ConsentRegisterView.TYPE, registerId, at).ifPresent(register -> {
                Map<String, String> stance = new LinkedHashMap<>();
                for (String nation : nations) {
                    stance.put(nation, register.objections().containsKey(nation) ? "OBJECTS" : register.consent().status());
                }
                parties.add(new PartyRow(register.party(), register.partyRole(), registerId, register.consent().status(), stance));
            });
        }
        return new ConsentBoard(forceId, nations, parties, echo(at));
    }
}
