package org.coordination.ledger.force.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.RequireRulesOfEngagementAcknowledgement;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.provenance.PolicyCommands;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rules-of-engagement policy, one per force: a new ROE version marks committed and deployed
 * pledges as needing to acknowledge again.
 */
@Saga
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class RulesOfEngagementPolicy {

    static final String NAME = "rules-of-engagement";

    /** committed or deployed pledges */
    private Set<String> engaged = new LinkedHashSet<>();

    @Autowired
    private transient CommandGateway commandGateway;

    public RulesOfEngagementPolicy() {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "forceId")
    void on(ForceEstablished event) {
        // one policy per force
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ContributionPledged event) {
        SagaLifecycle.associateWith("contributionId", event.contributionId().value());
    }

    @SagaEventHandler(associationProperty = "contributionId")
    void on(ContributionCommitted event) {
        engaged.add(event.contributionId().value());
    }

    @SagaEventHandler(associationProperty = "contributionId")
    void on(ConditionReopened event) {
        engaged.remove(event.contributionId().value());
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(RulesOfEngagementIssued event) {
        for (String contribution : engaged) {
            PolicyCommands.send(commandGateway, NAME,
                    new RequireRulesOfEngagementAcknowledgement(ContributionId.of(contribution), event.version()));
        }
    }

    @SagaEventHandler(associationProperty = "contributionId")
    void on(ContributionWithdrawn event) {
        forget(event.contributionId());
    }

    @SagaEventHandler(associationProperty = "contributionId")
    void on(ContributionRejected event) {
        forget(event.contributionId());
    }

    private void forget(ContributionId contributionId) {
        engaged.remove(contributionId.value());
        SagaLifecycle.removeAssociationWith("contributionId", contributionId.value());
    }
}
