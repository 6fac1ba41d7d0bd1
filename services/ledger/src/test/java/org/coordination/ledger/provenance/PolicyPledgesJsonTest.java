package org.coordination.ledger.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.saga.AnnotatedSaga;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.metamodel.AnnotationSagaMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.force.policy.RulesOfEngagementPolicy;
import org.junit.jupiter.api.Test;

/**
 * On Axon's own saga stores (the {@code axon-defaults} profile, where no {@link PolicyPledgeRows} keeps them) the
 * pledges are part of the policy's JSON, and read back whole: states, nations and order.
 */
class PolicyPledgesJsonTest {

    static final AnnotationSagaMetaModelFactory MODELS = new AnnotationSagaMetaModelFactory();
    static final ForceId FORCE = ForceId.of("isf");

    @Test
    void aPolicysPledgesGoThroughItsJsonOnAxonsOwnStores() {
        RulesOfEngagementPolicy policy = new RulesOfEngagementPolicy();
        AnnotatedSaga<RulesOfEngagementPolicy> saga = new AnnotatedSaga<>("roe-1", Set.of(new AssociationValue("forceId", FORCE.value())),
                policy, MODELS.modelOf(RulesOfEngagementPolicy.class), MODELS.chainedInterceptor(RulesOfEngagementPolicy.class));
        saga.handle(GenericEventMessage.asEventMessage(pledged("isf-tur", "TUR", ContributionState.CONDITIONAL)));
        saga.handle(GenericEventMessage.asEventMessage(pledged("isf-idn", "IDN", ContributionState.OFFERED)));

        JacksonSerializer general = JacksonSerializer.defaultSerializer();
        SerializedObject<byte[]> json = general.serialize(policy, byte[].class);
        RulesOfEngagementPolicy read = general.deserialize(json);

        List<String> inPlay = new ArrayList<>();
        read.pledges().forEachInPlay((id, state) -> inPlay.add(id + " " + state + " " + read.pledges().nation(id)));
        assertThat(inPlay).containsExactly("isf-tur CONDITIONAL TUR", "isf-idn OFFERED IDN");
    }

    private static ContributionPledged pledged(String contribution, String nation, ContributionState state) {
        return new ContributionPledged(ContributionId.of(contribution), FORCE, Nation.of(nation),
                List.of(new ContributedUnit(RequirementLineId.of("infantry"), "Infantry", 150)), Readiness.L2, List.of(),
                AuthorityLevel.OPCON, state);
    }
}
