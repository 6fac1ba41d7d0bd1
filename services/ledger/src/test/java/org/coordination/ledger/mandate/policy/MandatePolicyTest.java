package org.coordination.ledger.mandate.policy;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.saga.SagaTestFixture;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.FlagContribution;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.contract.contribution.ReopenCondition;
import org.coordination.ledger.contract.contribution.SatisfyCondition;
import org.coordination.ledger.contract.force.CommandModel;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.mandate.CharterBasis;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.IssuingBody;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEndReason;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.contract.mandate.Vote;
import org.coordination.ledger.testsupport.Policies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MandatePolicyTest {

    static final MandateId MANDATE = MandateId.of("gaza-isf-mandate");
    static final ForceId ISF = ForceId.of("isf");
    static final ContributionId IDN = ContributionId.of("isf-idn");
    static final ContributionId AZE = ContributionId.of("isf-aze");
    static final Condition MANDATE_REQUIRED = new Condition(ConditionType.MANDATE_REQUIRED, null);
    static final Instrument RESOLUTION = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/2803 (2025)",
            LocalDate.parse("2025-11-17"), new Vote(13, 0, 2));
    static final ForceEstablished FORCE = new ForceEstablished(ISF, "ISF", "Board of Peace", Nation.of("USA"),
            CommandModel.LEAD_NATION, 20000, MANDATE);
    static final MandateAuthorized AUTHORIZED = new MandateAuthorized(MANDATE, RESOLUTION, CharterBasis.NOT_STATED, List.of("ISF"),
            List.of("Stabilize"), UseOfForce.ALL_NECESSARY_MEASURES, 20000, LocalDate.parse("2025-11-17"), LocalDate.parse("2027-12-31"));

    private SagaTestFixture<MandatePolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = Policies.fixture(MandatePolicy.class);
    }

    static ContributionPledged pledge(ContributionId id, String nation, List<Condition> conditions) {
        return new ContributionPledged(id, ISF, Nation.of(nation),
                List.of(new ContributedUnit(RequirementLineId.of("infantry"), "Infantry", 500)), Readiness.L2,
                conditions, AuthorityLevel.OPCON, conditions.isEmpty() ? ContributionState.OFFERED : ContributionState.CONDITIONAL);
    }

    @Test
    void anAuthorizedMandateSatisfiesTheMandateConditionOfPledgesWaitingForIt() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(IDN.value()).published(pledge(IDN, "IDN", List.of(MANDATE_REQUIRED)))
                .whenAggregate(MANDATE.value()).publishes(AUTHORIZED)
                .expectDispatchedCommands(new SatisfyCondition(IDN, MANDATE_REQUIRED,
                        "Mandate gaza-isf-mandate authorized by S/RES/2803 (2025)"));
    }

    @Test
    void aPledgeMadeUnderAnAuthorizedMandateIsSatisfiedAtOnce() {
        fixture.givenAggregate(MANDATE.value()).published(AUTHORIZED)
                .andThenAggregate(ISF.value()).published(FORCE)
                .whenAggregate(AZE.value()).publishes(pledge(AZE, "AZE", List.of(MANDATE_REQUIRED)))
                .expectDispatchedCommands(new SatisfyCondition(AZE, MANDATE_REQUIRED, "Mandate gaza-isf-mandate is in force"));
    }

    @Test
    void aPledgeWithoutTheMandateConditionIsLeftAlone() {
        fixture.givenAggregate(MANDATE.value()).published(AUTHORIZED)
                .andThenAggregate(ISF.value()).published(FORCE)
                .whenAggregate(AZE.value()).publishes(pledge(AZE, "AZE", List.of()))
                .expectNoDispatchedCommands();
    }

    @Test
    void anExtensionSatisfiesTheConditionAgain() {
        Instrument renewal = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/2850", LocalDate.parse("2027-12-01"), new Vote(12, 0, 3));
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(MANDATE.value()).published(AUTHORIZED)
                .andThenAggregate(IDN.value()).published(pledge(IDN, "IDN", List.of(MANDATE_REQUIRED)))
                .whenAggregate(MANDATE.value()).publishes(new MandateExtended(MANDATE, renewal, LocalDate.parse("2027-12-31"),
                        LocalDate.parse("2028-12-31")))
                .expectDispatchedCommands(new SatisfyCondition(IDN, MANDATE_REQUIRED, "Mandate gaza-isf-mandate extended by S/RES/2850"));
    }

    @Test
    void anEndedMandateReopensTheConditionOfPledgesNotDeployedAndAlertsOnDeployedOnes() {
        String cause = "Mandate gaza-isf-mandate expired on 2027-12-31";
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(MANDATE.value()).published(AUTHORIZED)
                .andThenAggregate(IDN.value()).published(pledge(IDN, "IDN", List.of(MANDATE_REQUIRED)),
                        new AuthorityTransferred(IDN, ISF, Nation.of("IDN"), AuthorityLevel.OPCON, StructureId.of("isf-hq"), PostId.of("south")))
                .andThenAggregate(AZE.value()).published(pledge(AZE, "AZE", List.of(MANDATE_REQUIRED)))
                .whenAggregate(MANDATE.value()).publishes(new MandateEnded(MANDATE, MandateEndReason.EXPIRED, LocalDate.parse("2027-12-31"), null))
                .expectDispatchedCommands(
                        new FlagContribution(IDN, cause + ": deployed contingent is operating without an active mandate"),
                        new ReopenCondition(AZE, MANDATE_REQUIRED, cause));
    }

    @Test
    void aWithdrawnPledgeIsForgotten() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(IDN.value()).published(pledge(IDN, "IDN", List.of(MANDATE_REQUIRED)),
                        new ContributionWithdrawn(IDN, ISF, Nation.of("IDN"), "Recalled", false))
                .whenAggregate(MANDATE.value()).publishes(AUTHORIZED)
                .expectNoDispatchedCommands();
    }

    @Test
    void oneProcessPerMandateWhicheverComesFirst() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .whenAggregate(MANDATE.value()).publishes(AUTHORIZED)
                .expectActiveSagas(1)
                .expectAssociationWith("mandateId", MANDATE.value())
                .expectAssociationWith("forceId", ISF.value());
    }
}
