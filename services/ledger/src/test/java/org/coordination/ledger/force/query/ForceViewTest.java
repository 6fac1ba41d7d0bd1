package org.coordination.ledger.force.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;
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

/** The force document: given the force's and its pledges' events, the force page, roster and ROE acknowledgements. */
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
                personnel, Readiness.L1, List.of(conditions), AuthorityLevel.OPCON, state);
    }

    static ContributionCommitted committed(ContributionId id, Nation nation, int personnel) {
        return new ContributionCommitted(id, ISF, nation, personnel, 1);
    }

    static AuthorityTransferred transferred(ContributionId id, Nation nation) {
        return new AuthorityTransferred(id, ISF, nation, AuthorityLevel.OPCON, HQ, SOUTH);
    }

    @Test
    void theForceItsRequirementLinesRoeVersionsAndActivation() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE)
                .given(established(), infantry(600)).citing("ISF order 1").given(roe(1)).citing(null)
                .given(new ForceActivated(ISF, MandateId.of("gaza-isf-mandate"), HQ, PostId.of("commander"), 1));
        ForceView.Response force = fixture.document("isf").toResponse(null);
        assertThat(force.name()).isEqualTo("International Stabilization Force");
        assertThat(force.requirementLines()).extracting(ForceView.RequirementLine::personnel).containsExactly(600);
        assertThat(force.currentRoeVersion()).isEqualTo(1);
        assertThat(force.roeVersions().get(0).citation()).isEqualTo("ISF order 1");
        assertThat(force.active()).isTrue();
        assertThat(force.commanderPostId()).isEqualTo("commander");
        assertThat(fixture.document("isf").version()).isEqualTo(3);
    }

    @Test
    void pledgesFoldIntoTheirForceButDoNotMoveItsVersion() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE)
                .given(established(), pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED), committed(IDN_PLEDGE, IDN, 800));
        ForceView force = fixture.document("isf");
        assertThat(force.version()).isZero();
        assertThat(force.toResponse(null).pledges()).isEqualTo(1);
        assertThat(fixture.find("isf-idn")).as("no document of its own").isEmpty();
    }

    @Test
    void aPledgeThroughItsLifeOnTheRoster() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE).given(established(), infantry(600),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.CONDITIONAL, MANDATE_REQUIRED));
        assertThat(row(fixture)).extracting(ForceView.RosterRow::state, ForceView.RosterRow::openConditions)
                .containsExactly("CONDITIONAL", List.of(MANDATE_REQUIRED));

        fixture.given(new ConditionSatisfied(IDN_PLEDGE, MANDATE_REQUIRED, "mandate authorized", ContributionState.OFFERED),
                committed(IDN_PLEDGE, IDN, 800));
        assertThat(row(fixture)).extracting(ForceView.RosterRow::state, ForceView.RosterRow::committedPersonnel)
                .containsExactly("COMMITTED", 800);

        fixture.given(transferred(IDN_PLEDGE, IDN));
        ForceView.RosterRow deployed = row(fixture);
        assertThat(deployed.state()).isEqualTo("DEPLOYED");
        assertThat(deployed.deployedPersonnel()).isEqualTo(800);
        assertThat(deployed.placedUnder()).isEqualTo(new ForceView.Placement("isf-hq", "sector-south", "OPCON"));
        assertThat(fixture.document("isf").placedUnder("isf-hq")).extracting(ForceView.PlacedContingent::contributionId)
                .containsExactly("isf-idn");
        assertThat(fixture.json("isf").at("/pledges/isf-idn/state").asText()).as("stored as the enum's name").isEqualTo("DEPLOYED");
    }

    @Test
    void aWithdrawnPledgeLeavesTheTotalsTheLinesAndTheConsentBoard() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE).given(established(), infantry(600),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED), committed(IDN_PLEDGE, IDN, 800), transferred(IDN_PLEDGE, IDN),
                pledged(AZE_PLEDGE, AZE, 200, ContributionState.OFFERED));
        assertThat(fixture.document("isf").toRoster(1000, null).totals()).extracting(ForceView.Totals::committed,
                ForceView.Totals::remainingUnderCeiling, ForceView.Totals::activePledges).containsExactly(800, 200, 2);

        fixture.given(new ContributionWithdrawn(IDN_PLEDGE, ISF, IDN, "recalled", true));
        ForceView force = fixture.document("isf");
        ForceView.Roster roster = force.toRoster(1000, null);
        assertThat(roster.totals()).extracting(ForceView.Totals::offered, ForceView.Totals::committed, ForceView.Totals::deployed,
                ForceView.Totals::remainingUnderCeiling, ForceView.Totals::pledges, ForceView.Totals::activePledges)
                .containsExactly(200, 0, 0, 1000, 2, 1);
        assertThat(roster.requirementLines()).extracting(ForceView.LineCoverage::offered).containsExactly(200);
        assertThat(roster.rows()).extracting(ForceView.RosterRow::state).containsExactly("WITHDRAWN", "OFFERED");
        assertThat(force.nationsInPlay()).containsExactly("AZE");
        assertThat(force.placedUnder("isf-hq")).isEmpty();
        assertThat(force.toRoeAcknowledgements(null).acknowledgements()).extracting(ForceView.Acknowledgement::nation)
                .containsExactly("AZE");
    }

    @Test
    void aSuspendedPledgeIsShownWithItsSuspensionAndLeftOutOfTheCeilingFigureUntilResumed() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE).given(established(), infantry(600),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED), committed(IDN_PLEDGE, IDN, 800),
                pledged(AZE_PLEDGE, AZE, 500, ContributionState.OFFERED), committed(AZE_PLEDGE, AZE, 300))
                .citing("FC directive 12")
                .given(new ContributionSuspended(IDN_PLEDGE, ISF, IDN, "Caveat under review", CaveatId.of("no-night-ops"),
                        ContributionState.COMMITTED));
        ForceView.Roster roster = fixture.document("isf").toRoster(1000, null);
        ForceView.RosterRow idn = roster.rows().get(0);
        assertThat(idn.state()).isEqualTo("SUSPENDED");
        assertThat(idn.committedPersonnel()).as("the commitment is held for the resumption").isEqualTo(800);
        assertThat(idn.suspension()).extracting(ForceView.Suspension::reason, ForceView.Suspension::caveatId,
                ForceView.Suspension::suspendedFrom, ForceView.Suspension::citation)
                .containsExactly("Caveat under review", "no-night-ops", ContributionState.COMMITTED, "FC directive 12");
        assertThat(roster.totals()).extracting(ForceView.Totals::committed, ForceView.Totals::remainingUnderCeiling,
                ForceView.Totals::activePledges).containsExactly(300, 700, 2);

        fixture.citing(null).given(new ContributionResumed(IDN_PLEDGE, ISF, IDN, "Caveat lifted", ContributionState.COMMITTED));
        roster = fixture.document("isf").toRoster(1000, null);
        assertThat(roster.rows().get(0).state()).isEqualTo("COMMITTED");
        assertThat(roster.rows().get(0).suspension()).isNull();
        assertThat(roster.totals()).extracting(ForceView.Totals::committed, ForceView.Totals::remainingUnderCeiling)
                .containsExactly(1100, -100);
    }

    @Test
    void aRejectedPledgeIsNoLongerInPlay() {
        ForceView force = ViewFixture.of(ForceView.TYPE).given(established(), pledged(AZE_PLEDGE, AZE, 200, ContributionState.OFFERED),
                new ContributionRejected(AZE_PLEDGE, ISF, AZE, "not needed")).document("isf");
        assertThat(force.nationsInPlay()).isEmpty();
        assertThat(force.toRoster(null, null).totals().activePledges()).isZero();
    }

    @Test
    void aReopenedConditionReturnsACommittedPledgeToConditionalAndReleasesItsPersonnel() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE).given(established(),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED), committed(IDN_PLEDGE, IDN, 800),
                new ConditionReopened(IDN_PLEDGE, MANDATE_REQUIRED, "mandate ended", ContributionState.CONDITIONAL));
        assertThat(row(fixture)).extracting(ForceView.RosterRow::state, ForceView.RosterRow::committedPersonnel,
                ForceView.RosterRow::openConditions).containsExactly("CONDITIONAL", 0, List.of(MANDATE_REQUIRED));
    }

    @Test
    void blocksFlagsAndCaveats() {
        PartyId isr = PartyId.of("ISR");
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE).given(established(),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED),
                new ContributionBlocked(IDN_PLEDGE, isr, "objection"),
                new ContributionFlagged(IDN_PLEDGE, "consent withdrawn"),
                new CaveatDeclared(IDN_PLEDGE, CaveatId.of("no-north"), CaveatKind.GEOGRAPHIC, "South only", false),
                new CaveatDeclared(IDN_PLEDGE, CaveatId.of("no-night"), CaveatKind.TIME, "Days only", true));
        ForceView.RosterRow blocked = row(fixture);
        assertThat(blocked.blocked()).isTrue();
        assertThat(blocked.blockedBy()).containsExactly("ISR");
        assertThat(blocked.alerts()).isEqualTo(1);
        assertThat(blocked.caveats()).extracting(ForceView.Caveat::caveatId).containsExactly("no-north", "no-night");

        fixture.given(new ContributionUnblocked(IDN_PLEDGE, isr), new CaveatLifted(IDN_PLEDGE, CaveatId.of("no-north")));
        ForceView.RosterRow lifted = row(fixture);
        assertThat(lifted.blocked()).isFalse();
        assertThat(lifted.caveats()).extracting(ForceView.Caveat::caveatId).containsExactly("no-night");
    }

    @Test
    void roeStatusFollowsTheCurrentVersionAndTheAcknowledgement() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE).given(established(),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED));
        assertThat(row(fixture).roeStatus()).isEqualTo("NOT_ISSUED");
        fixture.given(roe(1));
        assertThat(row(fixture).roeStatus()).isEqualTo("NOT_ACKNOWLEDGED");
        fixture.given(new RulesOfEngagementAcknowledged(IDN_PLEDGE, ISF, 1));
        assertThat(row(fixture).roeStatus()).isEqualTo("CURRENT");
        fixture.given(roe(2));
        String before = fixture.json("isf").toString();
        fixture.given(new RulesOfEngagementAcknowledgementRequired(IDN_PLEDGE, 2));
        assertThat(fixture.json("isf").toString()).as("the policy's mark changes nothing: the status is derived").isEqualTo(before);
        assertThat(row(fixture)).extracting(ForceView.RosterRow::roeStatus, ForceView.RosterRow::roeAcknowledgedVersion)
                .containsExactly("STALE", 1);
        assertThat(fixture.document("isf").toRoeAcknowledgements(null).acknowledgements().get(0).acknowledgedAt())
                .isEqualTo(ViewFixture.START.plusSeconds(3 * 60));
    }

    @Test
    void asOfAnEarlierTimeTheSameFoldShowsWhatHadTakenEffect() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE).given(established());
        java.time.Instant beforePledge = fixture.now().minusSeconds(1);
        fixture.given(pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED));
        java.time.Instant beforeCommitment = fixture.now().minusSeconds(1);
        fixture.given(committed(IDN_PLEDGE, IDN, 800));

        assertThat(fixture.asOf("isf", beforePledge)).get().extracting(f -> f.toResponse(null).pledges()).isEqualTo(0);
        assertThat(fixture.asOf("isf", beforeCommitment).orElseThrow().toRoster(null, null).rows())
                .extracting(ForceView.RosterRow::state).containsExactly("OFFERED");
        assertThat(fixture.asOf("isf", ViewFixture.START.minusSeconds(1))).as("not yet established").isEmpty();
    }

    @Test
    void aPledgeDatedBeforeTheForceDoesNotMakeTheForceExist() {
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE)
                .givenAt(ViewFixture.START.plusSeconds(3600), established())
                .givenAt(ViewFixture.START, pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED));
        assertThat(fixture.asOf("isf", ViewFixture.START.plusSeconds(60))).isEmpty();
        assertThat(fixture.document("isf").toResponse(null).pledges()).isEqualTo(1);
    }

    @Test
    void eventsOfAPledgeNotYetPledgedChangeNothing() {
        // an as-of read may see a pledge's later event effective before its pledge
        ViewFixture<ForceView> fixture = ViewFixture.of(ForceView.TYPE).given(established(),
                pledged(IDN_PLEDGE, IDN, 800, ContributionState.OFFERED));
        java.time.Instant early = ViewFixture.START.plusSeconds(30);
        fixture.givenAt(early, committed(IDN_PLEDGE, IDN, 800));
        assertThat(fixture.asOf("isf", early.plusSeconds(1))).get().extracting(f -> f.toResponse(null).pledges()).isEqualTo(0);
    }

    @Test
    void foldsEachOfItsTwoFamiliesExhaustively() {
        assertThat(ForceView.TYPE.folds().stream().map(fold -> (Object) fold.family())).containsExactly(ForceEvent.class, ContributionEvent.class);
    }

    private static ForceView.RosterRow row(ViewFixture<ForceView> fixture) {
        return fixture.document("isf").toRoster(null, null).rows().get(0);
    }
}
