package org.coordination.ledger.force.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.coordination.ledger.contract.common.LedgerEvent;
import java.util.List;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.common.Personnel;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.CaveatKind;
import org.coordination.ledger.contract.contribution.CaveatLifted;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.ConditionSatisfied;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionBlocked;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionResumed;
import org.coordination.ledger.contract.contribution.ContributionSuspended;
import org.coordination.ledger.contract.contribution.ContributionUnblocked;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledged;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledgementRequired;
import org.coordination.ledger.contract.force.CommandModel;
import org.coordination.ledger.contract.force.ForceActivated;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.ForceEvent;
import org.coordination.ledger.contract.force.ForceRequirementDefined;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.testsupport.ViewFixture;
import org.junit.jupiter.api.Test;

/**
 * The force's document and its pledges' documents: given the force's and its pledges' events, the force
 * page, roster and ROE acknowledgements.
 */
class ForceViewTest {

    static final ForceId ISF = ForceId.of("isf");
    static final ContributionId IDN_PLEDGE = ContributionId.of("isf-idn");
    static final ContributionId AZE_PLEDGE = ContributionId.of("isf-aze");
    static final Nation IDN = Nation.of("IDN");
    static final Nation AZE = Nation.of("AZE");
    static final StructureId HQ = StructureId.of("isf-hq");
    static final PostId SOUTH = PostId.of("sector-south");
    static final Condition MANDATE_REQUIRED = new Condition(ConditionType.MANDATE_REQUIRED, null);

    static ForceEstablished established() {
        return new ForceEstablished(ISF, "International Stabilization Force", "UN Security Council", Nation.of("USA"),
                CommandModel.LEAD_NATION, 5000, MandateId.of("gaza-isf-mandate"));
    }

    static ForceRequirementDefined infantry(int personnel) {
        return new ForceRequirementDefined(ISF, RequirementLineId.of("infantry-1"), "Infantry battalion", personnel, "South");
    }

    static RulesOfEngagementIssued roe(int version) {
        return new RulesOfEngagementIssued(ISF, version, "ROE-ISF-" + version, List.of("1.1", "2.3"), "ISF commander",
                LocalDate.of(2025, 12, 1), UseOfForce.SELF_DEFENCE_ONLY);
    }

    static ContributionPledged pledged(ContributionId id, Nation nation, int personnel, ContributionState state, Condition... conditions) {
        return new ContributionPledged(id, ISF, nation, List.of(new ContributedUnit(RequirementLineId.of("infantry-1"), "Infantry", personnel)),
                Readiness.L1, List.of(conditions), AuthorityLevel.OPCON, state);
    }

    static ContributionCommitted committed(ContributionId id, Nation nation, int personnel) {
        return new ContributionCommitted(id, ISF, nation, personnel, 1);
    }

    static AuthorityTransferred transferred(ContributionId id, Nation nation) {
        return new AuthorityTransferred(id, ISF, nation, AuthorityLevel.OPCON, HQ, SOUTH);
    }

    /** Both kinds of document, given the same events: what the force's pages read. */
    static final class Coalition {
        final ViewFixture<ForceView> force = ViewFixture.of(ForceView.TYPE);
        final ViewFixture<PledgeView> pledges = ViewFixture.of(PledgeView.TYPE);

        Coalition given(LedgerEvent... events) {
            force.given(events);
            pledges.given(events);
            return this;
        }

        Coalition givenAt(Instant effectiveAt, LedgerEvent event) {
            force.givenAt(effectiveAt, event);
            pledges.givenAt(effectiveAt, event);
            return this;
        }

        Coalition citing(String citation) {
            force.citing(citation);
            pledges.citing(citation);
            return this;
        }

        Instant now() {
            return force.now();
        }

        ForceView document() {
            return force.document("isf");
        }

        /** The force's pledges now, in roster order. */
        List<PledgeView> pledges() {
            return inRosterOrder(id -> pledges.find(id));
        }

        /** The force's pledges as of an effective time, in roster order. */
        List<PledgeView> pledgesAsOf(Instant effective) {
            return inRosterOrder(id -> pledges.asOf(id, effective));
        }

        private static List<PledgeView> inRosterOrder(Function<String, Optional<PledgeView>> read) {
            return Stream.of(IDN_PLEDGE, AZE_PLEDGE).map(id -> read.apply(id.value())).flatMap(Optional::stream)
                    .filter(p -> p.forceId().equals("isf")).sorted(PledgeView.ROSTER_ORDER).toList();
        }

        ForceView.Roster roster(Integer ceiling) {
            return document().toRoster(pledges(), ceiling, null);
        }

        ForceView.RosterRow row() {
            return roster(null).rows().get(0);
        }
    }

    @Test
    void theForceItsRequirementLinesRoeVersionsAndActivation() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE)
                .given(established(), infantry(600)).citing("ISF order 1").given(roe(1)).citing(null)
                .given(new ForceActivated(ISF, MandateId.of("gaza-isf-mandate"), HQ, PostId.of("commander"), 1));
        ForceView.Response force = fixture.document("isf").toResponse(0, null);
        assertThat(force.name()).isEqualTo("International Stabilization Force");
        assertThat(force.requirementLines()).extracting(ForceView.RequirementLine::personnel).containsExactly(600);
        assertThat(force.currentRoeVersion()).isEqualTo(1);
        assertThat(force.roeVersions().get(0).citation()).isEqualTo("ISF order 1");
        assertThat(force.active()).isTrue();
        assertThat(force.commanderPostId()).isEqualTo("commander");
        assertThat(fixture.document("isf").version()).isEqualTo(3);
    }

    @Test
    void aPledgeIsADocumentOfItsOwnListedByItsForceAndDoesNotMoveTheForcesVersion() {
        Coalition coalition = new Coalition()
                .given(established(), pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED), committed(IDN_PLEDGE, IDN, 800));
        assertThat(coalition.document().version()).isZero();
        assertThat(coalition.force.json("isf").has("pledges")).as("the force's document holds no pledge").isFalse();
        PledgeView pledge = coalition.pledges.document("isf-idn");
        assertThat(pledge.forceId()).as("its scope: the roster lists it by its force").isEqualTo("isf");
        assertThat(PledgeView.TYPE.scopeOf(pledge)).isEqualTo("isf");
        assertThat(pledge.version()).as("the pledge's own stream moves its version").isEqualTo(1);
        assertThat(coalition.pledges.json("isf-idn").at("/state").asText()).as("stored as the enum's name").isEqualTo("COMMITTED");
    }

    @Test
    void aPledgeThroughItsLifeOnTheRoster() {
        Coalition coalition = new Coalition().given(established(), infantry(600),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.CONDITIONAL, MANDATE_REQUIRED));
        assertThat(coalition.row()).extracting(ForceView.RosterRow::state, ForceView.RosterRow::openConditions)
                .containsExactly("CONDITIONAL", List.of(MANDATE_REQUIRED));

        coalition.given(new ConditionSatisfied(IDN_PLEDGE, MANDATE_REQUIRED, "mandate authorized", ContributionState.OFFERED),
                committed(IDN_PLEDGE, IDN, 800));
        assertThat(coalition.row()).extracting(ForceView.RosterRow::state, ForceView.RosterRow::committedPersonnel)
                .containsExactly("COMMITTED", 800);

        coalition.given(transferred(IDN_PLEDGE, IDN));
        ForceView.RosterRow deployed = coalition.row();
        assertThat(deployed.state()).isEqualTo("DEPLOYED");
        assertThat(deployed.deployedPersonnel()).isEqualTo(800);
        assertThat(deployed.placedUnder()).isEqualTo(new ForceView.Placement("isf-hq", "sector-south", "OPCON"));
        assertThat(coalition.pledges.document("isf-idn").placedUnder("isf-hq")).get()
                .extracting(ForceView.PlacedContingent::contributionId, ForceView.PlacedContingent::forceId)
                .containsExactly("isf-idn", "isf");
        assertThat(coalition.pledges.document("isf-idn").placedUnder("another-hq")).isEmpty();
    }

    @Test
    void aWithdrawnPledgeLeavesTheTotalsTheLinesAndTheConsentBoard() {
        Coalition coalition = new Coalition().given(established(), infantry(600),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED), committed(IDN_PLEDGE, IDN, 800), transferred(IDN_PLEDGE, IDN),
                pledged(AZE_PLEDGE, AZE, 200, ContributionState.OFFERED));
        assertThat(coalition.roster(1000).totals()).extracting(ForceView.Totals::committed,
                ForceView.Totals::remainingUnderCeiling, ForceView.Totals::activePledges).containsExactly(800L, 200L, 2);

        coalition.given(new ContributionWithdrawn(IDN_PLEDGE, ISF, IDN, "recalled", true));
        ForceView.Roster roster = coalition.roster(1000);
        assertThat(roster.totals()).extracting(ForceView.Totals::offered, ForceView.Totals::committed, ForceView.Totals::deployed,
                ForceView.Totals::remainingUnderCeiling, ForceView.Totals::pledges, ForceView.Totals::activePledges)
                .containsExactly(200L, 0L, 0L, 1000L, 2, 1);
        assertThat(roster.requirementLines()).extracting(ForceView.LineCoverage::offered).containsExactly(200L);
        assertThat(roster.rows()).as("by contribution id").extracting(ForceView.RosterRow::contributionId, ForceView.RosterRow::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("isf-aze", "OFFERED"), org.assertj.core.groups.Tuple.tuple("isf-idn", "WITHDRAWN"));
        assertThat(ForceView.nationsInPlay(coalition.pledges())).containsExactly("AZE");
        assertThat(coalition.pledges.document("isf-idn").placedUnder("isf-hq")).isEmpty();
        assertThat(coalition.document().toRoeAcknowledgements(coalition.pledges(), null).acknowledgements())
                .extracting(ForceView.Acknowledgement::nation).containsExactly("AZE");
    }

    @Test
    void aSuspendedPledgeIsShownWithItsSuspensionAndLeftOutOfTheCeilingFigureUntilResumed() {
        Coalition coalition = new Coalition().given(established(), infantry(600),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED), committed(IDN_PLEDGE, IDN, 800),
                pledged(AZE_PLEDGE, AZE, 500, ContributionState.OFFERED), committed(AZE_PLEDGE, AZE, 300))
                .citing("FC directive 12")
                .given(new ContributionSuspended(IDN_PLEDGE, ISF, IDN, "Caveat under review", CaveatId.of("no-night-ops"),
                        ContributionState.COMMITTED));
        ForceView.Roster roster = coalition.roster(1000);
        ForceView.RosterRow idn = roster.rows().get(1);
        assertThat(idn.state()).isEqualTo("SUSPENDED");
        assertThat(idn.committedPersonnel()).as("the commitment is held for the resumption").isEqualTo(800);
        assertThat(idn.suspension()).extracting(ForceView.Suspension::reason, ForceView.Suspension::caveatId,
                ForceView.Suspension::suspendedFrom, ForceView.Suspension::citation)
                .containsExactly("Caveat under review", "no-night-ops", ContributionState.COMMITTED, "FC directive 12");
        assertThat(roster.totals()).extracting(ForceView.Totals::committed, ForceView.Totals::remainingUnderCeiling,
                ForceView.Totals::activePledges).containsExactly(300L, 700L, 2);

        coalition.citing(null).given(new ContributionResumed(IDN_PLEDGE, ISF, IDN, "Caveat lifted", ContributionState.COMMITTED));
        roster = coalition.roster(1000);
        assertThat(roster.rows().get(1).state()).isEqualTo("COMMITTED");
        assertThat(roster.rows().get(1).suspension()).isNull();
        assertThat(roster.totals()).extracting(ForceView.Totals::committed, ForceView.Totals::remainingUnderCeiling)
                .containsExactly(1100L, -100L);
    }

    @Test
    void aRejectedPledgeIsNoLongerInPlay() {
        Coalition coalition = new Coalition().given(established(), pledged(AZE_PLEDGE, AZE, 200, ContributionState.OFFERED),
                new ContributionRejected(AZE_PLEDGE, ISF, AZE, "not needed"));
        assertThat(ForceView.nationsInPlay(coalition.pledges())).isEmpty();
        assertThat(coalition.roster(null).totals().activePledges()).isZero();
    }

    @Test
    void aReopenedConditionReturnsACommittedPledgeToConditionalAndReleasesItsPersonnel() {
        Coalition coalition = new Coalition().given(established(),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED), committed(IDN_PLEDGE, IDN, 800),
                new ConditionReopened(IDN_PLEDGE, MANDATE_REQUIRED, "mandate ended", ContributionState.CONDITIONAL));
        assertThat(coalition.row()).extracting(ForceView.RosterRow::state, ForceView.RosterRow::committedPersonnel,
                ForceView.RosterRow::openConditions).containsExactly("CONDITIONAL", 0, List.of(MANDATE_REQUIRED));
    }

    @Test
    void blocksFlagsAndCaveats() {
        PartyId isr = PartyId.of("ISR");
        Coalition coalition = new Coalition().given(established(),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED),
                new ContributionBlocked(IDN_PLEDGE, isr, "objection"),
                new ContributionFlagged(IDN_PLEDGE, "consent withdrawn"),
                new CaveatDeclared(IDN_PLEDGE, CaveatId.of("no-north"), CaveatKind.GEOGRAPHIC, "South only", false),
                new CaveatDeclared(IDN_PLEDGE, CaveatId.of("no-night"), CaveatKind.TIME, "Days only", true));
        ForceView.RosterRow blocked = coalition.row();
        assertThat(blocked.blocked()).isTrue();
        assertThat(blocked.blockedBy()).containsExactly("ISR");
        assertThat(blocked.alerts()).isEqualTo(1);
        assertThat(blocked.caveats()).extracting(ForceView.Caveat::caveatId).containsExactly("no-north", "no-night");

        coalition.given(new ContributionUnblocked(IDN_PLEDGE, isr), new CaveatLifted(IDN_PLEDGE, CaveatId.of("no-north")));
        ForceView.RosterRow lifted = coalition.row();
        assertThat(lifted.blocked()).isFalse();
        assertThat(lifted.caveats()).extracting(ForceView.Caveat::caveatId).containsExactly("no-night");
    }

    @Test
    void roeStatusFollowsTheCurrentVersionAndTheAcknowledgement() {
        Coalition coalition = new Coalition().given(established(),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED));
        assertThat(coalition.row().roeStatus()).isEqualTo("NOT_ISSUED");
        coalition.given(roe(1));
        assertThat(coalition.row().roeStatus()).isEqualTo("NOT_ACKNOWLEDGED");
        coalition.given(new RulesOfEngagementAcknowledged(IDN_PLEDGE, ISF, 1));
        assertThat(coalition.row().roeStatus()).isEqualTo("CURRENT");
        coalition.given(roe(2));
        ObjectNode before = ((ObjectNode) coalition.pledges.json("isf-idn")).without("version");
        coalition.given(new RulesOfEngagementAcknowledgementRequired(IDN_PLEDGE, 2));
        assertThat((Object) ((ObjectNode) coalition.pledges.json("isf-idn")).without("version"))
                .as("the policy's mark changes nothing but the pledge's version: the status is derived").isEqualTo(before);
        assertThat(coalition.row()).extracting(ForceView.RosterRow::roeStatus, ForceView.RosterRow::roeAcknowledgedVersion)
                .containsExactly("STALE", 1);
        assertThat(coalition.document().toRoeAcknowledgements(coalition.pledges(), null).acknowledgements().get(0).acknowledgedAt())
                .isEqualTo(ViewFixture.START.plusSeconds(3 * 60));
    }

    @Test
    void asOfAnEarlierTimeTheSameFoldShowsWhatHadTakenEffect() {
        Coalition coalition = new Coalition().given(established());
        Instant beforePledge = coalition.now().minusSeconds(1);
        coalition.given(pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED));
        Instant beforeCommitment = coalition.now().minusSeconds(1);
        coalition.given(committed(IDN_PLEDGE, IDN, 800));

        assertThat(coalition.pledgesAsOf(beforePledge)).isEmpty();
        assertThat(coalition.force.asOf("isf", beforeCommitment).orElseThrow().toRoster(coalition.pledgesAsOf(beforeCommitment), null, null)
                .rows()).extracting(ForceView.RosterRow::state).containsExactly("OFFERED");
        assertThat(coalition.force.asOf("isf", ViewFixture.START.minusSeconds(1))).as("not yet established").isEmpty();
    }

    @Test
    void aPledgeDatedBeforeTheForceDoesNotMakeTheForceExist() {
        Coalition coalition = new Coalition()
                .givenAt(ViewFixture.START.plusSeconds(3600), established())
                .givenAt(ViewFixture.START, pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED));
        assertThat(coalition.force.asOf("isf", ViewFixture.START.plusSeconds(60))).isEmpty();
        assertThat(coalition.pledges()).hasSize(1);
    }

    @Test
    void eventsOfAPledgeNotYetPledgedChangeNothing() {
        // an as-of read may see a pledge's later event effective before its pledge
        Coalition coalition = new Coalition().given(established(), pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED));
        Instant early = ViewFixture.START.plusSeconds(30);
        coalition.givenAt(early, committed(IDN_PLEDGE, IDN, 800));
        assertThat(coalition.pledgesAsOf(early.plusSeconds(1))).isEmpty();
        assertThat(coalition.pledges.asOf("isf-idn", early.plusSeconds(1))).as("no document before its pledge").isEmpty();
    }

    @Test
    void eachKindFoldsItsOwnFamilyExhaustively() {
        assertThat(ForceView.TYPE.folds().stream().map(fold -> (Object) fold.family())).containsExactly(ForceEvent.class);
        assertThat(PledgeView.TYPE.folds().stream().map(fold -> (Object) fold.family())).containsExactly(ContributionEvent.class);
    }

    /** Each pledge may carry up to Personnel.MAX; the sums over a force's pledges had been ints, negative past 2,147 of them. */
    @Test
    void aForcesTotalsDoNotWrapRoundPastTheRangeOfAnInt() {
        int count = 2_148;
        ViewFixture<PledgeView> fixture = ViewFixture.of(PledgeView.TYPE);
        List<PledgeView> pledges = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ContributionId id = ContributionId.of("isf-" + i);
            fixture.given(pledged(id, IDN, Personnel.MAX, ContributionState.OFFERED), committed(id, IDN, Personnel.MAX));
            pledges.add(fixture.find(id.value()).orElseThrow());
        }
        ForceView.Roster roster = ViewFixture.of(ForceView.TYPE).given(established(), infantry(600)).document("isf")
                .toRoster(pledges.stream().sorted(PledgeView.ROSTER_ORDER).toList(), 5000, null);
        long sum = (long) count * Personnel.MAX;
        assertThat(roster.totals().offered()).isEqualTo(sum);
        assertThat(roster.totals().committed()).isEqualTo(sum);
        assertThat(roster.totals().remainingUnderCeiling()).isEqualTo(5000 - sum);
        assertThat(roster.requirementLines().get(0).offered()).isEqualTo(sum);
        assertThat(roster.requirementLines().get(0).gap()).isZero();
    }
}
