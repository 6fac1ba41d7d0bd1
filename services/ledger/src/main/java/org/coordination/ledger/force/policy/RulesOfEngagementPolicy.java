package org.coordination.ledger.force.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.RequireRulesOfEngagementAcknowledgement;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.provenance.PolicyCommands;
import org.coordination.ledger.provenance.FollowsPledges;
import org.coordination.ledger.provenance.PolicyPledges;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rules-of-engagement policy, one per force: a new ROE version marks committed and deployed
 * pledges as needing to acknowledge again.
 */
@Saga
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class RulesOfEngagementPolicy implements FollowsPledges {

    static final String NAME = "rules-of-engagement";

    /** the pledges to the force, each in its state */
    private PolicyPledges pledges = new PolicyPledges();

    @Autowired
    private transient CommandGateway commandGateway;

    public RulesOfEngagementPolicy() {
    }

    /** Kept by the saga store in rows of their own, not in the policy's serialized state. */
    @Override
    public PolicyPledges pledges() {
        return pledges;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "forceId")
    void on(ForceEstablished event) {
        // one policy per force
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ContributionPledged event) {
        pledges.pledged(event);
    }

    /** Every other event of a pledge it follows: the state moves on; a closed pledge is forgotten. */
    @SagaEventHandler(associationProperty = "contributionId")
    void on(ContributionEvent event) {
        pledges.follow(event);
    }

    /** Committed and deployed pledges are bound by the ROE: each must acknowledge the new version. */
    @SagaEventHandler(associationProperty = "forceId")
    void on(RulesOfEngagementIssued event) {
        pledges.forEachInPlay((contribution, state) -> {
            if (state.engaged()) {
                PolicyCommands.send(commandGateway, NAME,
                        new RequireRulesOfEngagementAcknowledgement(ContributionId.of(contribution), event.version()));
            }
        });
    }
}
