package org.coordination.ledger.force.query;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.force.ForceActivated;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.ForceRequirementDefined;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.force.ForceEvent;
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.EventMeta;
import org.coordination.ledger.readmodel.Fold;
import org.coordination.ledger.readmodel.ViewType;

/**
 * The force read model: the force, its requirement lines and ROE versions. The force page, the coalition
 * roster and the ROE acknowledgements are answered from it and its pledges' documents ({@link PledgeView}).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class ForceView extends AggregateView {

    public static final String MODEL = "force";

    /** A nationality-neutral requirement line. */
    public record RequirementLine(String lineId, String capability, int personnel, String sector) {
    }

    /** One issued ROE version (profile and rule numbers only, never rule text). */
    public record RoeVersion(int version, String profileId, List<String> ruleNumbers, String issuingAuthority,
                             LocalDate effectiveFrom, String useOfForce, String citation) {
    }

    /** A caveat on a pledge. */
    public record Caveat(String caveatId, String kind, String description, boolean flaggedForCommander) {
    }

    /** Why and since when a pledge is suspended, and the state it was suspended from. */
    public record Suspension(String reason, String caveatId, ContributionState suspendedFrom, Instant since, String citation) {
    }

    String forceId;
    String name;
    String politicalAuthority;
    String leadNation;
    String commandModel;
    int plannedStrength;
    String mandateId;
    boolean active;
    String commanderStructureId;
    String commanderPostId;
    Map<String, RequirementLine> requirementLines = new LinkedHashMap<>();
    List<RoeVersion> roeVersions = new ArrayList<>();

    @Override
    public boolean exists() {
        return name != null; // from its establishment on, not from an earlier-dated pledge
    }

    public String mandateId() {
        return mandateId;
    }

    public String forceId() {
        return forceId;
    }

    public int currentRoeVersion() {
        return roeVersions.isEmpty() ? 0 : roeVersions.get(roeVersions.size() - 1).version();
    }

    /**
     * The document: one per force, folding the force's own events. Its pledges are documents of their
     * own ({@link PledgeView}, listed by the force), which the roster and the other pages read beside it.
     */
    public static final ViewType<ForceView> TYPE = ViewType.of(MODEL, ForceView.class, ForceView::new, "Force",
            Fold.of(ForceView.class, ForceEvent.class, (event, lookup) -> Optional.of(event.forceId().value()), ForceView::fold));

    /** What a force's own event does to its document. */
    void fold(ForceEvent event, EventMeta meta) {
        switch (event) {
            case ForceEstablished e -> established(e, meta);
            case ForceRequirementDefined e -> of(e).requirementLines.put(e.lineId().value(),
                    new RequirementLine(e.lineId().value(), e.capability(), e.personnel(), e.sector()));
            case RulesOfEngagementIssued e -> of(e).roeVersions.add(new RoeVersion(e.version(), e.profileId(), e.ruleNumbers(),
                    e.issuingAuthority(), e.effectiveFrom(), e.useOfForce().name(), meta.citation()));
            case ForceActivated e -> activated(e, meta);
        }
    }

    /** This document, as the view of the event's force. */
    private ForceView of(ForceEvent event) {
        forceId = event.forceId().value();
        return this;
    }

    void established(ForceEstablished e, EventMeta meta) {
        forceId = e.forceId().value();
        name = e.name();
        politicalAuthority = e.politicalAuthority();
        leadNation = e.leadNation().value();
        commandModel = e.commandModel().name();
        plannedStrength = e.plannedStrength();
        mandateId = e.mandateId().value();
    }

    void activated(ForceActivated e, EventMeta meta) {
        of(e);
        active = true;
        commanderStructureId = e.structureId().value();
        commanderPostId = e.commanderPostId().value();
    }

    /** The response of {@code GET /api/v1/forces/{id}}. */
    // named apart: springdoc names schemas by simple class name, and the reads' Response (Page) records would be one schema
    @io.swagger.v3.oas.annotations.media.Schema(name = "ForceView")
    public record Response(String forceId, String name, String politicalAuthority, String leadNation, String commandModel,
                           int plannedStrength, String mandateId, boolean active, String commanderStructureId, String commanderPostId,
                           List<RequirementLine> requirementLines, int currentRoeVersion, List<RoeVersion> roeVersions,
                           int pledges, Object asOf) {
    }

    /** @param pledges how many pledges were made to the force */
    public Response toResponse(int pledges, Object asOf) {
        return new Response(forceId, name, politicalAuthority, leadNation, commandModel, plannedStrength, mandateId, active,
                commanderStructureId, commanderPostId, List.copyOf(requirementLines.values()), currentRoeVersion(),
                roeVersions, pledges, asOf);
    }

    /**
     * A roster row: the pledge, with its ROE status against the force's current version and its units with
     * their rotations (a unit pledged before rotations were recorded has none).
     */
    public record RosterRow(String contributionId, String nation, String state, boolean blocked, Set<String> blockedBy,
                            String readiness, List<ContributedUnit> units, List<Condition> openConditions, int offeredPersonnel, int committedPersonnel,
                            int deployedPersonnel, String authorityOffered, String authorityTransferred, Placement placedUnder,
                            List<Caveat> caveats, String roeStatus, int roeAcknowledgedVersion, int alerts, Suspension suspension) {
    }

    /** Where a contingent was placed by the transfer of authority: under which post of which structure, at what authority. */
    public record Placement(String structureId, String postId, String authority) {
    }

    /** A contingent placed under a post of a command structure, as that structure's view shows it. */
    public record PlacedContingent(String contributionId, String nation, String forceId, String postId, String authority,
                                   int deployedPersonnel) {
    }

    /** Totals against planned strength and the mandate's ceiling. */
    // sums over a force's pledges are longs: each pledge may offer up to Personnel.MAX, and a force may have thousands
    public record Totals(long offered, long committed, long deployed, int plannedStrength, Integer troopCeiling,
                         Long remainingUnderCeiling, int pledges, int activePledges) {
    }

    /** A requirement line, what is offered against it by pledges still in play, and the gap. */
    public record LineCoverage(String lineId, String capability, String sector, int required, long offered, long gap, boolean filled) {
    }

    /** The response of {@code GET /api/v1/forces/{id}/roster}. */
    public record Roster(String forceId, String mandateId, List<RosterRow> rows, Totals totals, List<LineCoverage> requirementLines,
                         Object asOf) {
    }

    /** The roster of this force with {@code pledges}, its pledges' documents in {@link PledgeView#ROSTER_ORDER}. */
    public Roster toRoster(List<PledgeView> pledges, Integer troopCeiling, Object asOf) {
        int current = currentRoeVersion();
        List<RosterRow> rows = pledges.stream().map(p -> new RosterRow(p.contributionId, p.nation, p.state.name(),
                !p.blockedBy.isEmpty(), p.blockedBy, p.readiness, List.copyOf(p.units), List.copyOf(p.openConditions), p.offeredPersonnel,
                p.committedPersonnel, p.deployedPersonnel, p.authorityOffered, p.authorityTransferred,
                p.transferredToStructure == null ? null : new Placement(p.transferredToStructure, p.transferredToPost, p.authorityTransferred),
                List.copyOf(p.caveats.values()),
                roeStatus(p, current), p.roeAcknowledgedVersion, p.alerts, p.suspension)).toList();
        List<PledgeView> inPlay = pledges.stream().filter(PledgeView::inPlay).toList();
        long offered = inPlay.stream().mapToLong(p -> p.offeredPersonnel).sum();
        // the ceiling figure: a suspended pledge keeps its commitment for its resumption, but it does not count
        long committed = inPlay.stream().filter(p -> p.state.countsTowardCeiling()).mapToLong(p -> p.committedPersonnel).sum();
        long deployed = inPlay.stream().mapToLong(p -> p.deployedPersonnel).sum();
        Totals totals = new Totals(offered, committed, deployed, plannedStrength, troopCeiling,
                troopCeiling == null ? null : troopCeiling - committed, pledges.size(), inPlay.size());
        List<LineCoverage> lines = requirementLines.values().stream().map(line -> {
            long against = inPlay.stream().flatMap(p -> p.units.stream())
                    .filter(u -> u.requirementLine().value().equals(line.lineId())).mapToLong(ContributedUnit::personnel).sum();
            return new LineCoverage(line.lineId(), line.capability(), line.sector(), line.personnel(), against,
                    Math.max(0, line.personnel() - against), against >= line.personnel());
        }).toList();
        return new Roster(forceId, mandateId, rows, totals, lines, asOf);
    }

    static String roeStatus(PledgeView pledge, int current) {
        if (current == 0) {
            return "NOT_ISSUED";
        }
        if (pledge.roeAcknowledgedVersion == current) {
            return "CURRENT";
        }
        return pledge.roeAcknowledgedVersion == 0 ? "NOT_ACKNOWLEDGED" : "STALE";
    }

    /** One nation's acknowledgement of the ROE. */
    public record Acknowledgement(String nation, String contributionId, String state, int acknowledgedVersion, Instant acknowledgedAt,
                                  String status, List<Caveat> caveats) {
    }

    /** The response of {@code GET /api/v1/forces/{id}/roe-acknowledgements}: nations × versions, caveats. */
    public record RoeAcknowledgements(String forceId, int currentVersion, List<RoeVersion> versions,
                                      List<Acknowledgement> acknowledgements, Object asOf) {
    }

    public RoeAcknowledgements toRoeAcknowledgements(List<PledgeView> pledges, Object asOf) {
        int current = currentRoeVersion();
        return new RoeAcknowledgements(forceId, current, roeVersions, pledges.stream()
                .filter(PledgeView::inPlay)
                .map(p -> new Acknowledgement(p.nation, p.contributionId, p.state.name(), p.roeAcknowledgedVersion, p.roeAcknowledgedAt,
                        roeStatus(p, current), List.copyOf(p.caveats.values())))
                .toList(), asOf);
    }

    /** Nations with pledges still in play, for the consent board. */
    public static List<String> nationsInPlay(List<PledgeView> pledges) {
        return pledges.stream().filter(PledgeView::inPlay)
                .map(p -> p.nation).distinct().toList();
    }
}
