package org.coordination.ledger.consent.policy;

import java.util.List;
import org.axonframework.test.saga.SagaTestFixture;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.consent.ConsentGranted;
import org.coordination.ledger.contract.consent.ConsentWithdrawn;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.consent.ObjectionWithdrawn;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.BlockContribution;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.FlagContribution;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.contract.contribution.ReopenCondition;
import org.coordination.ledger.contract.contribution.SatisfyCondition;
import org.coordination.ledger.contract.contribution.UnblockContribution;
import org.coordination.ledger.contract.force.CommandModel;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.testsupport.Policies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsentPolicyTest {

    static final ForceId ISF = ForceId.of("isf");
    static final ConsentRegisterId REGISTER = ConsentRegisterId.of("isf-isr");
    static final PartyId ISR = PartyId.of("ISR");
    static final ContributionId TUR_PLEDGE = ContributionId.of("isf-tur");
    static final ContributionId IDN_PLEDGE = ContributionId.of("isf-idn");
    static final Condition CONSENT_OF_ISR = new Condition(ConditionType.CONSENT_REQUIRED, ISR);
    static final ForceEstablished FORCE = new ForceEstablished(ISF, "ISF", "Board of Peace", Nation.of("USA"),
            CommandModel.LEAD_NATION, 20000, MandateId.of("gaza-isf-mandate"));
    static final String OBJECTION = "ISR objects to TUR: Not acceptable to the host";

    private SagaTestFixture<ConsentPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = Policies.fixture(ConsentPolicy.class);
    }

    static ContributionPledged pledge(ContributionId id, String nation, List<Condition> conditions) {
        return new ContributionPledged(id, ISF, Nation.of(nation),
                List.of(new ContributedUnit(RequirementLineId.of("infantry"), "Infantry", 500)), Readiness.L2,
                conditions, AuthorityLevel.OPCON, conditions.isEmpty() ? ContributionState.OFFERED : ContributionState.CONDITIONAL);
    }

    static ObjectionRaised objection() {
        return new ObjectionRaised(REGISTER, ISF, ISR, Nation.of("TUR"), "Not acceptable to the host", "Note verbale 45/2025");
    }

    @Test
    void anObjectionBlocksThatNationsPledgesOnly() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(TUR_PLEDGE.value()).published(pledge(TUR_PLEDGE, "TUR", List.of()))
                .andThenAggregate(IDN_PLEDGE.value()).published(pledge(IDN_PLEDGE, "IDN", List.of()))
                .whenAggregate(REGISTER.value()).publishes(objection())
                .expectDispatchedCommands(new BlockContribution(TUR_PLEDGE, ISR, OBJECTION));
    }

    @Test
    void aPledgeMadeAfterTheObjectionIsBlockedAtOnce() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(REGISTER.value()).published(objection())
                .whenAggregate(TUR_PLEDGE.value()).publishes(pledge(TUR_PLEDGE, "TUR", List.of()))
                .expectDispatchedCommands(new BlockContribution(TUR_PLEDGE, ISR, "ISR objects to TUR"));
    }

    @Test
    void anObjectionToADeployedContingentRaisesAnAlertInstead() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(TUR_PLEDGE.value()).published(pledge(TUR_PLEDGE, "TUR", List.of()),
                        new AuthorityTransferred(TUR_PLEDGE, ISF, Nation.of("TUR"), AuthorityLevel.TACON, StructureId.of("hq"), PostId.of("south")))
                .whenAggregate(REGISTER.value()).publishes(objection())
                .expectDispatchedCommands(new FlagContribution(TUR_PLEDGE, OBJECTION));
    }

    @Test
    void withdrawingTheObjectionUnblocks() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(TUR_PLEDGE.value()).published(pledge(TUR_PLEDGE, "TUR", List.of()))
                .andThenAggregate(REGISTER.value()).published(objection())
                .whenAggregate(REGISTER.value()).publishes(new ObjectionWithdrawn(REGISTER, ISF, ISR, Nation.of("TUR")))
                .expectDispatchedCommands(new UnblockContribution(TUR_PLEDGE, ISR));
    }

    @Test
    void grantedConsentSatisfiesTheConsentConditionOfThatParty() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(IDN_PLEDGE.value()).published(pledge(IDN_PLEDGE, "IDN", List.of(CONSENT_OF_ISR)))
                .whenAggregate(REGISTER.value()).publishes(new ConsentGranted(REGISTER, ISF, ISR, "Agreed zones", "SOFA 1"))
                .expectDispatchedCommands(new SatisfyCondition(IDN_PLEDGE, CONSENT_OF_ISR, "ISR granted consent: Agreed zones"));
    }

    @Test
    void aPledgeNamingAPartyThatAlreadyConsentedIsSatisfiedAtOnce() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(REGISTER.value()).published(new ConsentGranted(REGISTER, ISF, ISR, "Agreed zones", null))
                .whenAggregate(IDN_PLEDGE.value()).publishes(pledge(IDN_PLEDGE, "IDN", List.of(CONSENT_OF_ISR)))
                .expectDispatchedCommands(new SatisfyCondition(IDN_PLEDGE, CONSENT_OF_ISR, "ISR has granted consent"));
    }

    @Test
    void withdrawnConsentReopensTheCondition() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(IDN_PLEDGE.value()).published(pledge(IDN_PLEDGE, "IDN", List.of(CONSENT_OF_ISR)))
                .andThenAggregate(REGISTER.value()).published(new ConsentGranted(REGISTER, ISF, ISR, "Agreed zones", null))
                .whenAggregate(REGISTER.value()).publishes(new ConsentWithdrawn(REGISTER, ISF, ISR, "Terms violated"))
                .expectDispatchedCommands(new ReopenCondition(IDN_PLEDGE, CONSENT_OF_ISR, "ISR withdrew consent: Terms violated"));
    }
}
