package org.coordination.ledger.contribution.command;

import static org.coordination.ledger.testsupport.Rules.violates;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.coordination.ledger.eventstore.StreamTargetResolver;
import org.coordination.ledger.contract.common.Personnel;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AcknowledgeRulesOfEngagement;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.BlockContribution;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.CaveatKind;
import org.coordination.ledger.contract.contribution.CaveatLifted;
import org.coordination.ledger.contract.contribution.CommitContribution;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.ConditionSatisfied;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.Rotation;
import org.coordination.ledger.contract.contribution.ResumeContribution;
import org.coordination.ledger.contract.contribution.SuspendContribution;
import org.coordination.ledger.contract.contribution.ContributionResumed;
import org.coordination.ledger.contract.contribution.ContributionSuspended;
import org.coordination.ledger.contract.contribution.ContributionBlocked;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionUnblocked;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.DeclareCaveat;
import org.coordination.ledger.contract.contribution.FlagContribution;
import org.coordination.ledger.contract.contribution.JoinForce;
import org.coordination.ledger.contract.contribution.LiftCaveat;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.contract.contribution.RejectContribution;
import org.coordination.ledger.contract.contribution.ReopenCondition;
import org.coordination.ledger.contract.contribution.RequireRulesOfEngagementAcknowledgement;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledged;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledgementRequired;
import org.coordination.ledger.contract.contribution.SatisfyCondition;
import org.coordination.ledger.contract.contribution.TransferAuthority;
import org.coordination.ledger.contract.contribution.UnblockContribution;
import org.coordination.ledger.contract.contribution.WithdrawContribution;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.lookup.ForceFacts;
import org.coordination.ledger.lookup.MandateTerms;
import org.coordination.ledger.testsupport.InMemoryLedgerLookup;
import org.coordination.ledger.testsupport.Meta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContributionTest {

    static final ContributionId PLEDGE = ContributionId.of("isf-idn");
    static final ForceId ISF = ForceId.of("isf");
    static final MandateId MANDATE = MandateId.of("gaza-isf-mandate");
    static final Nation IDN = Nation.of("IDN");
    static final PartyId ISR = PartyId.of("ISR");
    static final StructureId HQ = StructureId.of("isf-hq");
    static final PostId SECTOR_SOUTH = PostId.of("sector-south");
    static final Condition MANDATE_REQUIRED = new Condition(ConditionType.MANDATE_REQUIRED, null);
    static final Condition CONSENT_OF_ISR = new Condition(ConditionType.CONSENT_REQUIRED, ISR);
    static final List<ContributedUnit> UNITS = List.of(
            new ContributedUnit(RequirementLineId.of("infantry-1"), "Infantry battalion", 600, new Rotation(6, LocalDate.parse("2026-06-01"))),
            new ContributedUnit(RequirementLineId.of("medical"), "Field hospital", 100));
    static final String ON = "2025-12-15";

    private AggregateTestFixture<Contribution> fixture;
    private InMemoryLedgerLookup lookup;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Contribution.class);
        fixture.registerCommandTargetResolver(new StreamTargetResolver());
        lookup = new InMemoryLedgerLookup()
                .force(new ForceFacts(ISF, MANDATE, 1))
                .mandate(new MandateTerms(MANDATE, false, LocalDate.parse("2025-11-17"), LocalDate.parse("2027-12-31"), 20000,
                        UseOfForce.ALL_NECESSARY_MEASURES))
                .post(HQ, SECTOR_SOUTH, true);
        fixture.registerInjectableResource(lookup);
    }

    static ContributionPledged pledged(List<Condition> conditions) {
        return new ContributionPledged(PLEDGE, ISF, IDN, UNITS, Readiness.L2, conditions, AuthorityLevel.OPCON,
                conditions.isEmpty() ? ContributionState.OFFERED : ContributionState.CONDITIONAL);
    }

    static ContributionPledged offered() {
        return pledged(List.of());
    }

    static RulesOfEngagementAcknowledged acknowledged(int version) {
        return new RulesOfEngagementAcknowledged(PLEDGE, ISF, version);
    }

    static ContributionCommitted committed(int personnel) {
        return new ContributionCommitted(PLEDGE, ISF, IDN, personnel, 1);
    }

    static AuthorityTransferred deployed() {
        return new AuthorityTransferred(PLEDGE, ISF, IDN, AuthorityLevel.OPCON, HQ, SECTOR_SOUTH);
    }

    // --- JoinForce ---------------------------------------------------------------------------

    @Test
    void aPledgeWithOpenConditionsIsConditional() {
        fixture.givenNoPriorActivity()
                .when(new JoinForce(PLEDGE, ISF, IDN, UNITS, Readiness.L2, List.of(MANDATE_REQUIRED, CONSENT_OF_ISR), AuthorityLevel.OPCON),
                        Meta.on(ON))
                .expectEvents(pledged(List.of(MANDATE_REQUIRED, CONSENT_OF_ISR)));
    }

    @Test
    void aPledgeWithoutConditionsIsOffered() {
        fixture.givenNoPriorActivity()
                .when(new JoinForce(PLEDGE, ISF, IDN, UNITS, Readiness.L2, null, AuthorityLevel.OPCON), Meta.on(ON))
                .expectEvents(offered());
    }

    @Test
    void aPledgeIsMadeOnce() {
        fixture.given(offered())
                .when(new JoinForce(PLEDGE, ISF, IDN, UNITS, Readiness.L2, null, AuthorityLevel.OPCON), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_ALREADY_PLEDGED"));
    }

    /** Each unit within the bound, their sum above it: as ints, three units of 2,147,483,647 had summed to 2,147,483,645. */
    @Test
    void aPledgeOffersAtMostTheLedgersBoundOfPersonnel() {
        List<ContributedUnit> units = List.of(new ContributedUnit(RequirementLineId.of("a"), "Infantry", Personnel.MAX),
                new ContributedUnit(RequirementLineId.of("b"), "Infantry", 1));
        fixture.givenNoPriorActivity()
                .when(new JoinForce(PLEDGE, ISF, IDN, units, Readiness.L2, null, AuthorityLevel.OPCON), Meta.on(ON))
                .expectException(violates("PERSONNEL_LIMIT_EXCEEDED"));
    }

    @Test
    void aPledgeIsMadeToAnEstablishedForce() {
        fixture.givenNoPriorActivity()
                .when(new JoinForce(PLEDGE, ForceId.of("unknown-force"), IDN, UNITS, Readiness.L2, null, AuthorityLevel.OPCON), Meta.on(ON))
                .expectException(violates("FORCE_NOT_FOUND"));
    }

    @Test
    void nationalCommandIsNeverOffered() {
        fixture.givenNoPriorActivity()
                .when(new JoinForce(PLEDGE, ISF, IDN, UNITS, Readiness.L2, null, AuthorityLevel.FULL_COMMAND), Meta.on(ON))
                .expectException(violates("NATIONAL_COMMAND_NOT_TRANSFERABLE"));
    }

    @Test
    void aConsentConditionNamesItsParty() {
        fixture.givenNoPriorActivity()
                .when(new JoinForce(PLEDGE, ISF, IDN, UNITS, Readiness.L2,
                        List.of(new Condition(ConditionType.CONSENT_REQUIRED, null)), AuthorityLevel.OPCON), Meta.on(ON))
                .expectException(violates("CONSENT_CONDITION_WITHOUT_PARTY"));
    }

    // --- conditions, blocks, alerts (sent by policies) -----------------------------------------

    @Test
    void satisfyingTheLastOpenConditionMakesThePledgeOffered() {
        fixture.given(pledged(List.of(MANDATE_REQUIRED)))
                .when(new SatisfyCondition(PLEDGE, MANDATE_REQUIRED, "S/RES/2803"), Meta.on(ON))
                .expectEvents(new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "S/RES/2803", ContributionState.OFFERED));
    }

    @Test
    void satisfyingOneOfTwoConditionsKeepsThePledgeConditional() {
        fixture.given(pledged(List.of(MANDATE_REQUIRED, CONSENT_OF_ISR)))
                .when(new SatisfyCondition(PLEDGE, MANDATE_REQUIRED, "S/RES/2803"), Meta.on(ON))
                .expectEvents(new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "S/RES/2803", ContributionState.CONDITIONAL));
    }

    @Test
    void satisfyingAConditionTwiceRecordsNothing() {
        fixture.given(pledged(List.of(MANDATE_REQUIRED)), new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "x", ContributionState.OFFERED))
                .when(new SatisfyCondition(PLEDGE, MANDATE_REQUIRED, "again"), Meta.on(ON))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void reopeningAConditionReturnsACommittedPledgeToConditional() {
        fixture.given(pledged(List.of(MANDATE_REQUIRED)), new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "x", ContributionState.OFFERED),
                        acknowledged(1), committed(500))
                .when(new ReopenCondition(PLEDGE, MANDATE_REQUIRED, "Mandate expired"), Meta.on(ON))
                .expectEvents(new ConditionReopened(PLEDGE, MANDATE_REQUIRED, "Mandate expired", ContributionState.CONDITIONAL));
    }

    @Test
    void aDeployedPledgeIsNotReopened() {
        fixture.given(pledged(List.of(MANDATE_REQUIRED)), new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "x", ContributionState.OFFERED),
                        acknowledged(1), committed(500), deployed())
                .when(new ReopenCondition(PLEDGE, MANDATE_REQUIRED, "Mandate expired"), Meta.on(ON))
                .expectNoEvents();
    }

    @Test
    void aConditionThePledgeNeverHadIsNotReopened() {
        fixture.given(offered())
                .when(new ReopenCondition(PLEDGE, MANDATE_REQUIRED, "Mandate expired"), Meta.on(ON))
                .expectNoEvents();
    }

    @Test
    void anObjectionBlocksAPledgeAndItsWithdrawalUnblocksIt() {
        fixture.given(offered())
                .when(new BlockContribution(PLEDGE, ISR, "Objection"), Meta.on(ON))
                .expectEvents(new ContributionBlocked(PLEDGE, ISR, "Objection"));
        fixture.given(offered(), new ContributionBlocked(PLEDGE, ISR, "Objection"))
                .when(new UnblockContribution(PLEDGE, ISR), Meta.on(ON))
                .expectEvents(new ContributionUnblocked(PLEDGE, ISR));
    }

    @Test
    void blockingTwiceOrUnblockingAnUnblockedPledgeRecordsNothing() {
        fixture.given(offered(), new ContributionBlocked(PLEDGE, ISR, "Objection"))
                .when(new BlockContribution(PLEDGE, ISR, "Objection"), Meta.on(ON))
                .expectNoEvents();
        fixture.given(offered())
                .when(new UnblockContribution(PLEDGE, ISR), Meta.on(ON))
                .expectNoEvents();
    }

    @Test
    void aDeployedPledgeIsNotBlocked() {
        fixture.given(offered(), acknowledged(1), committed(500), deployed())
                .when(new BlockContribution(PLEDGE, ISR, "Objection"), Meta.on(ON))
                .expectNoEvents();
    }

    @Test
    void aPolicyFlagsADeployedPledgeForPeopleToDecide() {
        fixture.given(offered(), acknowledged(1), committed(500), deployed())
                .when(new FlagContribution(PLEDGE, "Mandate expired"), Meta.on(ON))
                .expectEvents(new ContributionFlagged(PLEDGE, "Mandate expired"));
    }

    @Test
    void aNewRoeVersionMustBeAcknowledgedAgain() {
        fixture.given(offered(), acknowledged(1), committed(500))
                .when(new RequireRulesOfEngagementAcknowledgement(PLEDGE, 2), Meta.on(ON))
                .expectEvents(new RulesOfEngagementAcknowledgementRequired(PLEDGE, 2));
    }

    // --- ROE and caveats ---------------------------------------------------------------------

    @Test
    void theCurrentRoeVersionIsAcknowledged() {
        fixture.given(offered())
                .when(new AcknowledgeRulesOfEngagement(PLEDGE, 1), Meta.on(ON))
                .expectEvents(acknowledged(1));
    }

    @Test
    void onlyTheCurrentRoeVersionCanBeAcknowledged() {
        lookup.force(new ForceFacts(ISF, MANDATE, 2));
        fixture.given(offered())
                .when(new AcknowledgeRulesOfEngagement(PLEDGE, 1), Meta.on(ON))
                .expectException(violates("ROE_VERSION_NOT_CURRENT"));
    }

    @Test
    void roeCannotBeAcknowledgedBeforeTheyAreIssued() {
        lookup.force(new ForceFacts(ISF, MANDATE, 0));
        fixture.given(offered())
                .when(new AcknowledgeRulesOfEngagement(PLEDGE, 1), Meta.on(ON))
                .expectException(violates("ROE_NOT_ISSUED"));
    }

    @Test
    void aCaveatDeclaredAfterTransferOfAuthorityIsFlaggedForTheCommander() {
        fixture.given(offered(), acknowledged(1), committed(500), deployed())
                .when(new DeclareCaveat(PLEDGE, CaveatId.of("no-night-ops"), CaveatKind.TASK_EXCLUSION, "No night operations"), Meta.on(ON))
                .expectEvents(new CaveatDeclared(PLEDGE, CaveatId.of("no-night-ops"), CaveatKind.TASK_EXCLUSION, "No night operations", true));
    }

    @Test
    void aCaveatDeclaredBeforeDeploymentIsNotFlagged() {
        fixture.given(offered())
                .when(new DeclareCaveat(PLEDGE, CaveatId.of("north-only"), CaveatKind.GEOGRAPHIC, "Northern sector only"), Meta.on(ON))
                .expectEvents(new CaveatDeclared(PLEDGE, CaveatId.of("north-only"), CaveatKind.GEOGRAPHIC, "Northern sector only", false));
    }

    @Test
    void aCaveatIsDeclaredOnceAndLiftedOnlyIfDeclared() {
        CaveatDeclared declared = new CaveatDeclared(PLEDGE, CaveatId.of("north-only"), CaveatKind.GEOGRAPHIC, "North", false);
        fixture.given(offered(), declared)
                .when(new DeclareCaveat(PLEDGE, CaveatId.of("north-only"), CaveatKind.GEOGRAPHIC, "North"), Meta.on(ON))
                .expectException(violates("CAVEAT_ALREADY_DECLARED"));
        fixture.given(offered(), declared)
                .when(new LiftCaveat(PLEDGE, CaveatId.of("north-only")), Meta.on(ON))
                .expectEvents(new CaveatLifted(PLEDGE, CaveatId.of("north-only")));
        fixture.given(offered())
                .when(new LiftCaveat(PLEDGE, CaveatId.of("north-only")), Meta.on(ON))
                .expectException(violates("CAVEAT_NOT_DECLARED"));
    }

    // --- CommitContribution --------------------------------------------------------------------

    @Test
    void anOfferedPledgeWithAcknowledgedRoeIsCommitted() {
        fixture.given(offered(), acknowledged(1))
                .when(new CommitContribution(PLEDGE, 650), Meta.on(ON))
                .expectEvents(committed(650));
    }

    @Test
    void cannotCommitWithOpenConditions() {
        fixture.given(pledged(List.of(MANDATE_REQUIRED)), acknowledged(1))
                .when(new CommitContribution(PLEDGE, 650), Meta.on(ON))
                .expectException(violates("CONDITIONS_OPEN"));
    }

    @Test
    void cannotCommitWhileBlocked() {
        fixture.given(offered(), acknowledged(1), new ContributionBlocked(PLEDGE, ISR, "Objection"))
                .when(new CommitContribution(PLEDGE, 650), Meta.on(ON))
                .expectException(violates("CONTRIBUTOR_BLOCKED"));
    }

    @Test
    void cannotCommitWithoutAnActiveMandate() {
        fixture.given(offered(), acknowledged(1))
                .when(new CommitContribution(PLEDGE, 650), Meta.on("2025-11-01"))
                .expectException(violates("MANDATE_NOT_ACTIVE"));
    }

    @Test
    void cannotCommitWithoutAcknowledgingTheCurrentRoe() {
        lookup.force(new ForceFacts(ISF, MANDATE, 2));
        fixture.given(offered(), acknowledged(1))
                .when(new CommitContribution(PLEDGE, 650), Meta.on(ON))
                .expectException(violates("ROE_ACKNOWLEDGEMENT_STALE"));
    }

    @Test
    void cannotCommitMoreThanOffered() {
        fixture.given(offered(), acknowledged(1))
                .when(new CommitContribution(PLEDGE, 701), Meta.on(ON))
                .expectException(violates("COMMITMENT_EXCEEDS_OFFER"));
    }

    @Test
    void theForcesTotalMayNotExceedTheMandatesCeiling() {
        lookup.committedByOthers(ISF, 19500);
        fixture.given(offered(), acknowledged(1))
                .when(new CommitContribution(PLEDGE, 501), Meta.on(ON))
                .expectException(violates("CEILING_EXCEEDED"));
    }

    @Test
    void aPledgeIsCommittedOnce() {
        fixture.given(offered(), acknowledged(1), committed(500))
                .when(new CommitContribution(PLEDGE, 500), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_ALREADY_COMMITTED"));
    }

    // --- TransferAuthority -----------------------------------------------------------------------

    @Test
    void transferringAuthorityDeploysTheContingent() {
        fixture.given(offered(), acknowledged(1), committed(500))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.OPCON, HQ, SECTOR_SOUTH), Meta.on(ON))
                .expectEvents(deployed());
    }

    @Test
    void aLowerLevelThanOfferedMayBeTransferred() {
        fixture.given(offered(), acknowledged(1), committed(500))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.TACON, HQ, SECTOR_SOUTH), Meta.on(ON))
                .expectEvents(new AuthorityTransferred(PLEDGE, ISF, IDN, AuthorityLevel.TACON, HQ, SECTOR_SOUTH));
    }

    @Test
    void authorityIsTransferredOnlyOverACommittedPledge() {
        fixture.given(offered(), acknowledged(1))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.OPCON, HQ, SECTOR_SOUTH), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_NOT_COMMITTED"));
    }

    @Test
    void authorityAboveTheOfferIsNotTransferred() {
        fixture.given(offered(), acknowledged(1), committed(500))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.OPCOM, HQ, SECTOR_SOUTH), Meta.on(ON))
                .expectException(violates("AUTHORITY_EXCEEDS_OFFER"));
    }

    @Test
    void nationalCommandIsNeverTransferred() {
        fixture.given(offered(), acknowledged(1), committed(500))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.FULL_COMMAND, HQ, SECTOR_SOUTH), Meta.on(ON))
                .expectException(violates("NATIONAL_COMMAND_NOT_TRANSFERABLE"));
    }

    @Test
    void aContributorWhoHasNotAcknowledgedTheCurrentRoeCannotTakePartInATransferOfAuthority() {
        lookup.force(new ForceFacts(ISF, MANDATE, 2));
        fixture.given(offered(), acknowledged(1), committed(500), new RulesOfEngagementAcknowledgementRequired(PLEDGE, 2))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.OPCON, HQ, SECTOR_SOUTH), Meta.on(ON))
                .expectException(violates("ROE_ACKNOWLEDGEMENT_STALE"));
    }

    @Test
    void authorityIsTransferredToAnExistingPost() {
        fixture.given(offered(), acknowledged(1), committed(500))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.OPCON, HQ, PostId.of("nowhere")), Meta.on(ON))
                .expectException(violates("POST_NOT_FOUND"));
    }

    @Test
    void aBlockedPledgeIsNotDeployed() {
        fixture.given(offered(), acknowledged(1), committed(500), new ContributionBlocked(PLEDGE, ISR, "Objection"))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.OPCON, HQ, SECTOR_SOUTH), Meta.on(ON))
                .expectException(violates("CONTRIBUTOR_BLOCKED"));
    }

    // --- Reject and withdraw ---------------------------------------------------------------------

    @Test
    void thePoliticalAuthorityRejectsAPledge() {
        fixture.given(offered(), new ContributionBlocked(PLEDGE, ISR, "Objection"))
                .when(new RejectContribution(PLEDGE, "Host objection"), Meta.on(ON))
                .expectEvents(new ContributionRejected(PLEDGE, ISF, IDN, "Host objection"));
    }

    @Test
    void aDeployedContingentIsNotRejected() {
        fixture.given(offered(), acknowledged(1), committed(500), deployed())
                .when(new RejectContribution(PLEDGE, "Too late"), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_DEPLOYED"));
    }

    @Test
    void aContributorWithdrawsAtAnyTime() {
        fixture.given(offered(), acknowledged(1), committed(500), deployed())
                .when(new WithdrawContribution(PLEDGE, "Recalled"), Meta.on(ON))
                .expectEvents(new ContributionWithdrawn(PLEDGE, ISF, IDN, "Recalled", true));
    }

    @Test
    void rejectionAndWithdrawalAreTerminal() {
        fixture.given(offered(), new ContributionWithdrawn(PLEDGE, ISF, IDN, "Recalled", false))
                .when(new CommitContribution(PLEDGE, 100), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_CLOSED"));
        fixture.given(offered(), new ContributionRejected(PLEDGE, ISF, IDN, "No"))
                .when(new WithdrawContribution(PLEDGE, "Recalled"), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_CLOSED"));
    }

    // --- SuspendContribution / ResumeContribution ----------------------------------------------

    static final CaveatId NO_NIGHT_OPS = CaveatId.of("no-night-ops");

    static CaveatDeclared caveat() {
        return new CaveatDeclared(PLEDGE, NO_NIGHT_OPS, CaveatKind.TIME, "Daylight only", false);
    }

    static ContributionSuspended suspended(ContributionState from) {
        return new ContributionSuspended(PLEDGE, ISF, IDN, "Caveat under review", NO_NIGHT_OPS, from);
    }

    @Test
    void theCoordinatorSuspendsAPledgeWhileItsCaveatIsOpenRememberingItsState() {
        fixture.given(offered(), caveat(), acknowledged(1), committed(500))
                .when(new SuspendContribution(PLEDGE, "Caveat under review", NO_NIGHT_OPS), Meta.on(ON))
                .expectEvents(suspended(ContributionState.COMMITTED));
    }

    @Test
    void aSuspensionForAnInvestigationNamesNoCaveat() {
        fixture.given(offered())
                .when(new SuspendContribution(PLEDGE, "Investigation opened", null), Meta.on(ON))
                .expectEvents(new ContributionSuspended(PLEDGE, ISF, IDN, "Investigation opened", null, ContributionState.OFFERED));
    }

    @Test
    void aSuspensionRestsOnACaveatOfThisPledge() {
        fixture.given(offered())
                .when(new SuspendContribution(PLEDGE, "Caveat under review", NO_NIGHT_OPS), Meta.on(ON))
                .expectException(violates("CAVEAT_NOT_DECLARED"));
    }

    @Test
    void aPledgeIsSuspendedOnceAndNeverWhenDeployedOrClosed() {
        fixture.given(offered(), caveat(), suspended(ContributionState.OFFERED))
                .when(new SuspendContribution(PLEDGE, "Again", null), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_SUSPENDED"));
        fixture.given(offered(), acknowledged(1), committed(500), deployed())
                .when(new SuspendContribution(PLEDGE, "Investigation", null), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_DEPLOYED"));
        fixture.given(offered(), new ContributionRejected(PLEDGE, ISF, IDN, "No"))
                .when(new SuspendContribution(PLEDGE, "Investigation", null), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_CLOSED"));
    }

    @Test
    void aSuspendedPledgeIsNeitherCommittedNorDeployed() {
        fixture.given(offered(), acknowledged(1), caveat(), suspended(ContributionState.OFFERED))
                .when(new CommitContribution(PLEDGE, 500), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_SUSPENDED"));
        fixture.given(offered(), acknowledged(1), committed(500), caveat(), suspended(ContributionState.COMMITTED))
                .when(new TransferAuthority(PLEDGE, AuthorityLevel.OPCON, HQ, SECTOR_SOUTH), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_SUSPENDED"));
    }

    @Test
    void aSuspendedPledgeMayStillBeRejected() {
        fixture.given(offered(), caveat(), suspended(ContributionState.OFFERED))
                .when(new RejectContribution(PLEDGE, "Investigation upheld"), Meta.on(ON))
                .expectEvents(new ContributionRejected(PLEDGE, ISF, IDN, "Investigation upheld"));
    }

    @Test
    void resumingReturnsThePledgeToTheStateItWasSuspendedFrom() {
        fixture.given(offered(), acknowledged(1), committed(500), caveat(), suspended(ContributionState.COMMITTED))
                .when(new ResumeContribution(PLEDGE, "Caveat lifted"), Meta.on(ON))
                .expectEvents(new ContributionResumed(PLEDGE, ISF, IDN, "Caveat lifted", ContributionState.COMMITTED));
        fixture.given(offered(), caveat(), suspended(ContributionState.OFFERED))
                .when(new ResumeContribution(PLEDGE, "Caveat lifted"), Meta.on(ON))
                .expectEvents(new ContributionResumed(PLEDGE, ISF, IDN, "Caveat lifted", ContributionState.OFFERED));
    }

    @Test
    void onlyASuspendedPledgeIsResumed() {
        fixture.given(offered())
                .when(new ResumeContribution(PLEDGE, "Caveat lifted"), Meta.on(ON))
                .expectException(violates("CONTRIBUTION_NOT_SUSPENDED"));
    }

    @Test
    void whatThePoliciesRecordDuringASuspensionDecidesTheStateItResumesTo() {
        // a condition reopened while suspended: the commitment is released, and it resumes CONDITIONAL
        fixture.given(pledged(List.of(MANDATE_REQUIRED)), new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "x", ContributionState.OFFERED),
                        acknowledged(1), committed(500), caveat(), suspended(ContributionState.COMMITTED))
                .when(new ReopenCondition(PLEDGE, MANDATE_REQUIRED, "Mandate expired"), Meta.on(ON))
                .expectEvents(new ConditionReopened(PLEDGE, MANDATE_REQUIRED, "Mandate expired", ContributionState.SUSPENDED));
        fixture.given(pledged(List.of(MANDATE_REQUIRED)), new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "x", ContributionState.OFFERED),
                        acknowledged(1), committed(500), caveat(), suspended(ContributionState.COMMITTED),
                        new ConditionReopened(PLEDGE, MANDATE_REQUIRED, "Mandate expired", ContributionState.SUSPENDED))
                .when(new ResumeContribution(PLEDGE, "Caveat lifted"), Meta.on(ON))
                .expectEvents(new ContributionResumed(PLEDGE, ISF, IDN, "Caveat lifted", ContributionState.CONDITIONAL));
        // the last open condition met while suspended: it stays suspended, and resumes OFFERED
        fixture.given(pledged(List.of(MANDATE_REQUIRED)), caveat(), suspended(ContributionState.CONDITIONAL))
                .when(new SatisfyCondition(PLEDGE, MANDATE_REQUIRED, "Mandate in force"), Meta.on(ON))
                .expectEvents(new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "Mandate in force", ContributionState.SUSPENDED));
        fixture.given(pledged(List.of(MANDATE_REQUIRED)), caveat(), suspended(ContributionState.CONDITIONAL),
                        new ConditionSatisfied(PLEDGE, MANDATE_REQUIRED, "Mandate in force", ContributionState.SUSPENDED))
                .when(new ResumeContribution(PLEDGE, "Caveat lifted"), Meta.on(ON))
                .expectEvents(new ContributionResumed(PLEDGE, ISF, IDN, "Caveat lifted", ContributionState.OFFERED));
    }

    @Test
    void resumingACommitmentCountsItTowardTheCeilingAgain() {
        lookup.committedByOthers(ISF, 19800);
        fixture.given(offered(), acknowledged(1), committed(500), caveat(), suspended(ContributionState.COMMITTED))
                .when(new ResumeContribution(PLEDGE, "Caveat lifted"), Meta.on(ON))
                .expectException(violates("CEILING_EXCEEDED"));
    }
}
