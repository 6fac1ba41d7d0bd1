package org.coordination.ledger.contribution.policy;

import org.axonframework.test.saga.SagaTestFixture;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RelationshipId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.structure.CommandRelationshipAssigned;
import org.coordination.ledger.contract.structure.CommandRelationshipRevoked;
import org.coordination.ledger.contract.structure.RelationshipType;
import org.coordination.ledger.contract.structure.RevokeCommandRelationship;
import org.coordination.ledger.testsupport.Policies;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WithdrawalPolicyTest {

    static final ContributionId IDN = ContributionId.of("isf-idn");
    static final ForceId ISF = ForceId.of("isf");
    static final StructureId HQ = StructureId.of("isf-hq");
    static final PostId SOUTH = PostId.of("sector-south");
    static final AuthorityTransferred DEPLOYED = new AuthorityTransferred(IDN, ISF, Nation.of("IDN"), AuthorityLevel.OPCON, HQ, SOUTH);

    private SagaTestFixture<WithdrawalPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = Policies.fixture(WithdrawalPolicy.class);
    }

    static CommandRelationshipAssigned over(String relationship) {
        return new CommandRelationshipAssigned(HQ, RelationshipId.of(relationship), RelationshipType.TACON, SOUTH, null, IDN);
    }

    @Test
    void withdrawingADeployedPledgeRevokesItsCommandRelationships() {
        fixture.givenAggregate(IDN.value()).published(DEPLOYED)
                .andThenAggregate(HQ.value()).published(over("south-idn"), over("log-idn"))
                .whenAggregate(IDN.value()).publishes(new ContributionWithdrawn(IDN, ISF, Nation.of("IDN"), "Recalled", true))
                .expectDispatchedCommands(
                        new RevokeCommandRelationship(HQ, RelationshipId.of("south-idn"), "Contingent isf-idn withdrawn: Recalled"),
                        new RevokeCommandRelationship(HQ, RelationshipId.of("log-idn"), "Contingent isf-idn withdrawn: Recalled"))
                .expectActiveSagas(0);
    }

    @Test
    void relationshipsAlreadyRevokedAreLeftAlone() {
        fixture.givenAggregate(IDN.value()).published(DEPLOYED)
                .andThenAggregate(HQ.value()).published(over("south-idn"),
                        new CommandRelationshipRevoked(HQ, RelationshipId.of("south-idn"), "Reorganisation"))
                .whenAggregate(IDN.value()).publishes(new ContributionWithdrawn(IDN, ISF, Nation.of("IDN"), "Recalled", true))
                .expectNoDispatchedCommands();
    }

    @Test
    void relationshipsBetweenPostsDoNotConcernThePolicy() {
        fixture.givenAggregate(IDN.value()).published(DEPLOYED)
                .whenAggregate(HQ.value()).publishes(new CommandRelationshipAssigned(HQ, RelationshipId.of("ops"), RelationshipType.OPCON,
                        SOUTH, PostId.of("ops"), null))
                .expectActiveSagas(1)
                .expectNoAssociationWith("relationshipId", "ops");
    }
}
