package org.coordination.ledger.mandate.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.FlagContribution;
import org.coordination.ledger.contract.contribution.ReopenCondition;
import org.coordination.ledger.contract.contribution.SatisfyCondition;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.provenance.PolicyCommands;
import org.coordination.ledger.provenance.FollowsPledges;
import org.coordination.ledger.provenance.PolicyPledges;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The mandate policy, one per mandate: when a mandate is authorized or extended, the MANDATE_REQUIRED
 * condition of every pledge to the forces it covers is satisfied; when it ends, the condition is
 * reopened on pledges not yet deployed, and deployed ones get an alert for people to decide.
 */
@Saga
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class MandatePolicy implements FollowsPledges {

    static final String NAME = "mandate";
    static final Condition MANDATE_REQUIRED = new Condition(ConditionType.MANDATE_REQUIRED, null);

    private String mandateId;
    private boolean inForce;
    /** the pledges to the forces it covers, each in its state */
    private PolicyPledges pledges = new PolicyPledges();

    @Autowired
    private transient CommandGateway commandGateway;

    public MandatePolicy() {
    }

    /** Kept by the saga store in rows of their own, not in the policy's serialized state. */
    @Override
    public PolicyPledges pledges() {
        return pledges;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "mandateId")
    void on(MandateAuthorized event) {
        mandateId = event.mandateId().value();
        inForce = true;
        satisfyAll("Mandate " + mandateId + " authorized by " + event.instrument().symbol());
    }

    @SagaEventHandler(associationProperty = "mandateId")
    void on(MandateExtended event) {
        satisfyAll("Mandate " + mandateId + " extended by " + event.instrument().symbol());
    }

    @SagaEventHandler(associationProperty = "mandateId")
    void on(MandateEnded event) {
        inForce = false;
        String cause = "Mandate " + mandateId + " " + event.reason().name().toLowerCase() + " on " + event.endedOn();
        pledges.forEachInPlay((contribution, state) -> {
            ContributionId id = ContributionId.of(contribution);
            if (state.deployed()) {
                send(new FlagContribution(id, cause + ": deployed contingent is operating without an active mandate"));
            } else {
                send(new ReopenCondition(id, MANDATE_REQUIRED, cause));
            }
        });
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "mandateId")
    void on(ForceEstablished event) {
        mandateId = event.mandateId().value();
        SagaLifecycle.associateWith("forceId", event.forceId().value());
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ContributionPledged event) {
        pledges.pledged(event);
        if (inForce && event.conditions().contains(MANDATE_REQUIRED)) {
            send(new SatisfyCondition(event.contributionId(), MANDATE_REQUIRED, "Mandate " + mandateId + " is in force"));
        }
    }

    /** Every other event of a pledge it follows: the state moves on; a closed pledge is forgotten. */
    @SagaEventHandler(associationProperty = "contributionId")
    void on(ContributionEvent event) {
        pledges.follow(event);
    }

    private void satisfyAll(String cause) {
        pledges.forEachInPlay((contribution, state) -> {
            if (!state.deployed()) {
                send(new SatisfyCondition(ContributionId.of(contribution), MANDATE_REQUIRED, cause));
            }
        });
    }

    private void send(org.coordination.ledger.contract.common.LedgerCommand command) {
        PolicyCommands.send(commandGateway, NAME, command);
    }
}
