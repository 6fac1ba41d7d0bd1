package org.coordination.ledger.consent.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.LedgerCommand;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.consent.ConsentGranted;
import org.coordination.ledger.contract.consent.ConsentWithdrawn;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.consent.ObjectionWithdrawn;
import org.coordination.ledger.contract.contribution.BlockContribution;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.FlagContribution;
import org.coordination.ledger.contract.contribution.ReopenCondition;
import org.coordination.ledger.contract.contribution.SatisfyCondition;
import org.coordination.ledger.contract.contribution.UnblockContribution;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.provenance.PolicyCommands;
import org.coordination.ledger.provenance.FollowsPledges;
import org.coordination.ledger.provenance.PolicyPledges;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The consent policy, one per force: a party's objection blocks that nation's pledges not yet
 * deployed (and raises an alert on deployed ones); withdrawing it unblocks them. Granted consent
 * satisfies the CONSENT_REQUIRED condition naming that party; withdrawn consent reopens it.
 */
@Saga
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class ConsentPolicy implements FollowsPledges {

    static final String NAME = "consent";

    /** the pledges to the force, each in its state, with its nation */
    private PolicyPledges pledges = new PolicyPledges();
    private Set<String> consentingParties = new LinkedHashSet<>();
    /** "PARTY:NATION" */
    private Set<String> objections = new LinkedHashSet<>();

    @Autowired
    private transient CommandGateway commandGateway;

    public ConsentPolicy() {
    }

    /** Kept by the saga store in rows of their own, not in the policy's serialized state. */
    @Override
    public PolicyPledges pledges() {
        return pledges;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "forceId")
    void on(ForceEstablished event) {
        // the force is the scope of every decision below
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ContributionPledged event) {
        String nation = event.nation().value();
        pledges.pledged(event);
        for (String objection : objections) {
            if (objection.endsWith(":" + nation)) {
                String party = objection.substring(0, objection.indexOf(':'));
                send(new BlockContribution(event.contributionId(), PartyId.of(party), party + " objects to " + nation));
            }
        }
        for (Condition condition : event.conditions()) {
            if (condition.type() == ConditionType.CONSENT_REQUIRED && consentingParties.contains(condition.party().value())) {
                send(new SatisfyCondition(event.contributionId(), condition, condition.party() + " has granted consent"));
            }
        }
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ConsentGranted event) {
        consentingParties.add(event.party().value());
        Condition condition = new Condition(ConditionType.CONSENT_REQUIRED, event.party());
        pledges.forEachInPlay((id, state) -> {
            if (!state.deployed()) {
                send(new SatisfyCondition(ContributionId.of(id), condition, event.party() + " granted consent: " + event.scope()));
            }
        });
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ConsentWithdrawn event) {
        consentingParties.remove(event.party().value());
        Condition condition = new Condition(ConditionType.CONSENT_REQUIRED, event.party());
        String cause = event.party() + " withdrew consent: " + event.reason();
        pledges.forEachInPlay((id, state) -> {
            if (state.deployed()) {
                send(new FlagContribution(ContributionId.of(id), cause));
            } else {
                send(new ReopenCondition(ContributionId.of(id), condition, cause));
            }
        });
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ObjectionRaised event) {
        objections.add(event.party().value() + ":" + event.nation().value());
        String cause = event.party() + " objects to " + event.nation() + ": " + event.reason();
        pledges.forEachInPlay((id, state) -> {
            if (!event.nation().value().equals(pledges.nation(id))) {
                return;
            }
            if (state.deployed()) {
                send(new FlagContribution(ContributionId.of(id), cause));
            } else {
                send(new BlockContribution(ContributionId.of(id), event.party(), cause));
            }
        });
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ObjectionWithdrawn event) {
        objections.remove(event.party().value() + ":" + event.nation().value());
        pledges.forEachInPlay((id, state) -> {
            if (event.nation().value().equals(pledges.nation(id))) {
                send(new UnblockContribution(ContributionId.of(id), event.party()));
            }
        });
    }

    /** Every other event of a pledge it follows: the state moves on; a closed pledge is forgotten. */
    @SagaEventHandler(associationProperty = "contributionId")
    void on(ContributionEvent event) {
        pledges.follow(event);
    }

    private void send(LedgerCommand command) {
        PolicyCommands.send(commandGateway, NAME, command);
    }
}
