package org.coordination.ledger.consent.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.LedgerCommand;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.consent.ConsentGranted;
import org.coordination.ledger.contract.consent.ConsentWithdrawn;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.consent.ObjectionWithdrawn;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.BlockContribution;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionType;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.FlagContribution;
import org.coordination.ledger.contract.contribution.ReopenCondition;
import org.coordination.ledger.contract.contribution.SatisfyCondition;
import org.coordination.ledger.contract.contribution.UnblockContribution;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.provenance.PolicyCommands;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The consent policy, one per force: a party's objection blocks that nation's pledges not yet
 * deployed (and raises an alert on deployed ones); withdrawing it unblocks them. Granted consent
 * satisfies the CONSENT_REQUIRED condition naming that party; withdrawn consent reopens it.
 */
@Saga
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class ConsentPolicy {

    static final String NAME = "consent";

    /** contribution id → what the policy needs to know of it */
    private Map<String, Pledge> pledges = new LinkedHashMap<>();
    private Set<String> consentingParties = new LinkedHashSet<>();
    /** "PARTY:NATION" */
    private Set<String> objections = new LinkedHashSet<>();

    @Autowired
    private transient CommandGateway commandGateway;

    public ConsentPolicy() {
    }

    /** A pledge as the policy tracks it. */
    record Pledge(String nation, boolean deployed) {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "forceId")
    void on(ForceEstablished event) {
        // the force is the scope of every decision below
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ContributionPledged event) {
        String nation = event.nation().value();
        pledges.put(event.contributionId().value(), new Pledge(nation, false));
        SagaLifecycle.associateWith("contributionId", event.contributionId().value());
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
        pledges.forEach((id, pledge) -> {
            if (!pledge.deployed()) {
                send(new SatisfyCondition(ContributionId.of(id), condition, event.party() + " granted consent: " + event.scope()));
            }
        });
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ConsentWithdrawn event) {
        consentingParties.remove(event.party().value());
        Condition condition = new Condition(ConditionType.CONSENT_REQUIRED, event.party());
        String cause = event.party() + " withdrew consent: " + event.reason();
        pledges.forEach((id, pledge) -> {
            if (pledge.deployed()) {
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
        pledges.forEach((id, pledge) -> {
            if (!pledge.nation().equals(event.nation().value())) {
                return;
            }
            if (pledge.deployed()) {
                send(new FlagContribution(ContributionId.of(id), cause));
            } else {
                send(new BlockContribution(ContributionId.of(id), event.party(), cause));
            }
        });
    }

    @SagaEventHandler(associationProperty = "forceId")
    void on(ObjectionWithdrawn event) {
        objections.remove(event.party().value() + ":" + event.nation().value());
        pledges.forEach((id, pledge) -> {
            if (pledge.nation().equals(event.nation().value())) {
                send(new UnblockContribution(ContributionId.of(id), event.party()));
            }
        });
    }

    @SagaEventHandler(associationProperty = "contributionId")
    void on(AuthorityTransferred event) {
        pledges.computeIfPresent(event.contributionId().value(), (id, pledge) -> new Pledge(pledge.nation(), true));
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
        pledges.remove(contributionId.value());
        SagaLifecycle.removeAssociationWith("contributionId", contributionId.value());
    }

    private void send(LedgerCommand command) {
        PolicyCommands.send(commandGateway, NAME, command);
    }
}
