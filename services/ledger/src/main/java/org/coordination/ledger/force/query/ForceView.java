package org.coordination.ledger.force.query;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.CaveatLifted;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.ConditionSatisfied;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionBlocked;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionUnblocked;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledged;
import org.coordination.ledger.contract.force.ForceActivated;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.ForceRequirementDefined;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.View;

/**
 * The force read model: the force, its requirement lines and ROE versions, and one row per pledge.
 * The force page, the coalition roster and the ROE acknowledgements are all answered from it.
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

    /** One pledge, as the roster shows it. */
    public static class Pledge {
        public String contributionId;
        public String nation;
        public String state;
        public String readiness;
        public List<Condition> conditions = new ArrayList<>();
        public Set<Condition> openConditions = new LinkedHashSet<>();
        public Set<String> blockedBy = new LinkedHashSet<>();
        public List<ContributedUnit> units = new ArrayList<>();
        public int offeredPersonnel;
        public int committedPersonnel;
        public int deployedPersonnel;
        public String authorityOffered;
        public String authorityTransferred;
        public String transferredToStructure;
        public String transferredToPost;
        public Map<String, Caveat> caveats = new LinkedHashMap<>();
        public int roeAcknowledgedVersion;
        public Instant roeAcknowledgedAt;
        public int alerts;
        public Instant pledgedAt;
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
    Map<String, Pledge> pledges = new LinkedHashMap<>();

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

    @Override
    public void apply(EventEnvelope envelope) {
        Object event = envelope.event();
        if (event instanceof org.coordination.ledger.contract.force.ForceEvent e) {
            forceId = e.forceId().value();
        }
        if (event instanceof ForceEstablished e) {
            forceId = e.forceId().value();
            name = e.name();
            politicalAuthority = e.politicalAuthority();
            leadNation = e.leadNation().value();
            commandModel = e.commandModel().name();
            plannedStrength = e.plannedStrength();
            mandateId = e.mandateId().value();
        } else if (event instanceof ForceRequirementDefined e) {
            requirementLines.put(e.lineId().value(), new RequirementLine(e.lineId().value(), e.capability(), e.personnel(), e.sector()));
        } else if (event instanceof RulesOfEngagementIssued e) {
            roeVersions.add(new RoeVersion(e.version(), e.profileId(), e.ruleNumbers(), e.issuingAuthority(), e.effectiveFrom(),
                    e.useOfForce().name(), envelope.citation()));
        } else if (event instanceof ForceActivated e) {
            active = true;
            commanderStructureId = e.structureId().value();
            commanderPostId = e.commanderPostId().value();
        } else {
            applyToPledge(envelope, event);
        }
    }

    private void applyToPledge(EventEnvelope envelope, Object event) {
        if (event instanceof ContributionPledged e) {
            forceId = e.forceId().value();
            Pledge pledge = new Pledge();
            pledge.contributionId = e.contributionId().value();
            pledge.nation = e.nation().value();
            pledge.state = e.state().name();
            pledge.readiness = e.readiness().name();
            pledge.conditions = new ArrayList<>(e.conditions());
            pledge.openConditions = new LinkedHashSet<>(e.conditions());
            pledge.units = new ArrayList<>(e.units());
            pledge.offeredPersonnel = e.personnel();
            pledge.authorityOffered = e.authorityOffered().name();
            pledge.pledgedAt = envelope.effectiveAt();
            pledges.put(pledge.contributionId, pledge);
            return;
        }
        Pledge pledge = pledges.get(envelope.aggregateId());
        if (pledge == null) {
            return;
        }
        if (event instanceof ConditionSatisfied e) {
            pledge.openConditions.remove(e.condition());
            pledge.state = e.state().name();
        } else if (event instanceof ConditionReopened e) {
            pledge.openConditions.add(e.condition());
            pledge.state = e.state().name();
            pledge.committedPersonnel = 0;
        } else if (event instanceof ContributionBlocked e) {
            pledge.blockedBy.add(e.party().value());
        } else if (event instanceof ContributionUnblocked e) {
            pledge.blockedBy.remove(e.party().value());
        } else if (event instanceof ContributionFlagged) {
            pledge.alerts++;
        } else if (event instanceof RulesOfEngagementAcknowledged e) {
            pledge.roeAcknowledgedVersion = e.version();
            pledge.roeAcknowledgedAt = envelope.effectiveAt();
        } else if (event instanceof CaveatDeclared e) {
            pledge.caveats.put(e.caveatId().value(), new Caveat(e.caveatId().value(), e.kind().name(), e.description(),
                    e.flaggedForCommander()));
        } else if (event instanceof CaveatLifted e) {
            pledge.caveats.remove(e.caveatId().value());
        } else if (event instanceof ContributionCommitted e) {
            pledge.state = "COMMITTED";
            pledge.committedPersonnel = e.personnel();
        } else if (event instanceof AuthorityTransferred e) {
            pledge.state = "DEPLOYED";
            pledge.deployedPersonnel = pledge.committedPersonnel;
            pledge.authorityTransferred = e.authority().name();
            pledge.transferredToStructure = e.structureId().value();
            pledge.transferredToPost = e.postId().value();
        } else if (event instanceof ContributionRejected) {
            pledge.state = "REJECTED";
            release(pledge);
        } else if (event instanceof ContributionWithdrawn) {
            pledge.state = "WITHDRAWN";
            release(pledge);
        }
    }

    private static void release(Pledge pledge) {
        pledge.committedPersonnel = 0;
        pledge.deployedPersonnel = 0;
    }

    /** The response of {@code GET /api/v1/forces/{id}}. */
    // named apart: springdoc names schemas by simple class name, and the reads' Response (Page) records would be one schema
    @io.swagger.v3.oas.annotations.media.Schema(name = "ForceView")
    public record Response(String forceId, String name, String politicalAuthority, String leadNation, String commandModel,
                           int plannedStrength, String mandateId, boolean active, String commanderStructureId, String commanderPostId,
                           List<RequirementLine> requirementLines, int currentRoeVersion, List<RoeVersion> roeVersions,
                           int pledges, Object asOf) {
    }

    public Response toResponse(Object asOf) {
        return new Response(forceId, name, politicalAuthority, leadNation, commandModel, plannedStrength, mandateId, active,
                commanderStructureId, commanderPostId, List.copyOf(requirementLines.values()), currentRoeVersion(),
                roeVersions, pledges.size(), asOf);
    }

    /** A roster row: the pledge, with its ROE status against the force's current version. */
    public record RosterRow(String contributionId, String nation, String state, boolean blocked, Set<String> blockedBy,
                            String readiness, List<Condition> openConditions, int offeredPersonnel, int committedPersonnel,
                            int deployedPersonnel, String authorityOffered, String authorityTransferred, Placement placedUnder,
                            List<Caveat> caveats, String roeStatus, int roeAcknowledgedVersion, int alerts) {
    }

    /** Where a contingent was placed by the transfer of authority: under which post of which structure, at what authority. */
    public record Placement(String structureId, String postId, String authority) {
    }

    /** A contingent placed under a post of a command structure, as that structure's view shows it. */
    public record PlacedContingent(String contributionId, String nation, String forceId, String postId, String authority,
                                   int deployedPersonnel) {
    }

    /** The contingents this force placed under posts of {@code structureId}, still deployed there. */
    public List<PlacedContingent> placedUnder(String structureId) {
        return pledges.values().stream()
                .filter(p -> structureId.equals(p.transferredToStructure) && "DEPLOYED".equals(p.state))
                .map(p -> new PlacedContingent(p.contributionId, p.nation, forceId, p.transferredToPost, p.authorityTransferred,
                        p.deployedPersonnel))
                .toList();
    }

    /** Totals against planned strength and the mandate's ceiling. */
    public record Totals(int offered, int committed, int deployed, int plannedStrength, Integer troopCeiling,
                         Integer remainingUnderCeiling, int pledges, int activePledges) {
    }

    /** A requirement line, what is offered against it by pledges still in play, and the gap. */
    public record LineCoverage(String lineId, String capability, String sector, int required, int offered, int gap, boolean filled) {
    }

    /** The response of {@code GET /api/v1/forces/{id}/roster}. */
    public record Roster(String forceId, String mandateId, List<RosterRow> rows, Totals totals, List<LineCoverage> requirementLines,
                         Object asOf) {
    }

    public Roster toRoster(Integer troopCeiling, Object asOf) {
        int current = currentRoeVersion();
        List<RosterRow> rows = pledges.values().stream().map(p -> new RosterRow(p.contributionId, p.nation, p.state,
                !p.blockedBy.isEmpty(), p.blockedBy, p.readiness, List.copyOf(p.openConditions), p.offeredPersonnel,
                p.committedPersonnel, p.deployedPersonnel, p.authorityOffered, p.authorityTransferred,
                p.transferredToStructure == null ? null : new Placement(p.transferredToStructure, p.transferredToPost, p.authorityTransferred),
                List.copyOf(p.caveats.values()),
                roeStatus(p, current), p.roeAcknowledgedVersion, p.alerts)).toList();
        List<Pledge> inPlay = pledges.values().stream().filter(p -> !"WITHDRAWN".equals(p.state) && !"REJECTED".equals(p.state)).toList();
        int offered = inPlay.stream().mapToInt(p -> p.offeredPersonnel).sum();
        int committed = inPlay.stream().mapToInt(p -> p.committedPersonnel).sum();
        int deployed = inPlay.stream().mapToInt(p -> p.deployedPersonnel).sum();
        Totals totals = new Totals(offered, committed, deployed, plannedStrength, troopCeiling,
                troopCeiling == null ? null : troopCeiling - committed, pledges.size(), inPlay.size());
        List<LineCoverage> lines = requirementLines.values().stream().map(line -> {
            int against = inPlay.stream().flatMap(p -> p.units.stream())
                    .filter(u -> u.requirementLine().value().equals(line.lineId())).mapToInt(ContributedUnit::personnel).sum();
            return new LineCoverage(line.lineId(), line.capability(), line.sector(), line.personnel(), against,
                    Math.max(0, line.personnel() - against), against >= line.personnel());
        }).toList();
        return new Roster(forceId, mandateId, rows, totals, lines, asOf);
    }

    static String roeStatus(Pledge pledge, int current) {
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

    public RoeAcknowledgements toRoeAcknowledgements(Object asOf) {
        int current = currentRoeVersion();
        return new RoeAcknowledgements(forceId, current, roeVersions, pledges.values().stream()
                .filter(p -> !"WITHDRAWN".equals(p.state) && !"REJECTED".equals(p.state))
                .map(p -> new Acknowledgement(p.nation, p.contributionId, p.state, p.roeAcknowledgedVersion, p.roeAcknowledgedAt,
                        roeStatus(p, current), List.copyOf(p.caveats.values())))
                .toList(), asOf);
    }

    /** Nations with pledges still in play, for the consent board. */
    public List<String> nationsInPlay() {
        return pledges.values().stream().filter(p -> !"WITHDRAWN".equals(p.state) && !"REJECTED".equals(p.state))
                .map(p -> p.nation).distinct().toList();
    }
}
