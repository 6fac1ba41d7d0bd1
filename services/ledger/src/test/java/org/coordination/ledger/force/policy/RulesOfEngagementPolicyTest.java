package org.coordination.ledger.force.policy;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.saga.SagaTestFixture;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.contract.contribution.RequireRulesOfEngagementAcknowledgement;
import org.coordination.ledger.contract.force.CommandModel;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.testsupport.Policies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RulesOfEngagementPolicyTest {

    static final ForceId ISF = ForceId.of("isf");
    static final ContributionId COMMITTED = ContributionId.of("isf-idn");
    static final ContributionId OFFERED = ContributionId.of("isf-aze");
    static final ForceEstablished FORCE = new ForceEstablished(ISF, "ISF", "Board of Peace", Nation.of("USA"),
            CommandModel.LEAD_NATION, 20000, MandateId.of("gaza-isf-mandate"));

    private SagaTestFixture<RulesOfEngagementPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = Policies.fixture(RulesOfEngagementPolicy.class);
    }

    static ContributionPledged pledge(ContributionId id) {
        return new ContributionPledged(id, ISF, Nation.of("IDN"), List.of(new ContributedUnit(RequirementLineId.of("inf"), "Infantry", 500)),
                Readiness.L2, List.of(), AuthorityLevel.OPCON, ContributionState.OFFERED);
    }

    static RulesOfEngagementIssued version2() {
        return new RulesOfEngagementIssued(ISF, 2, "ISF-ROE", List.of("1.1"), "Force Commander", LocalDate.parse("2026-02-01"),
                UseOfForce.SELF_DEFENCE_ONLY);
    }

    @Test
    void aNewRoeVersionMarksCommittedAndDeployedPledgesAsNeedingToAcknowledgeAgain() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(COMMITTED.value()).published(pledge(COMMITTED),
                        new ContributionCommitted(COMMITTED, ISF, Nation.of("IDN"), 500, 1))
                .andThenAggregate(OFFERED.value()).published(pledge(OFFERED))
                .whenAggregate(ISF.value()).publishes(version2())
                .expectDispatchedCommands(new RequireRulesOfEngagementAcknowledgement(COMMITTED, 2));
    }

    @Test
    void aWithdrawnPledgeNeedNotAcknowledge() {
        fixture.givenAggregate(ISF.value()).published(FORCE)
                .andThenAggregate(COMMITTED.value()).published(pledge(COMMITTED),
                        new ContributionCommitted(COMMITTED, ISF, Nation.of("IDN"), 500, 1),
                        new ContributionWithdrawn(COMMITTED, ISF, Nation.of("IDN"), "Recalled", false))
                .whenAggregate(ISF.value()).publishes(version2())
                .expectNoDispatchedCommands();
    }
}
