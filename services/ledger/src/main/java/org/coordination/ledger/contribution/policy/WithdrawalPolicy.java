package org.coordination.ledger.contribution.policy;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.LinkedHashSet;
import java.util.Set;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.common.RelationshipId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.structure.CommandRelationshipAssigned;
import org.coordination.ledger.contract.structure.CommandRelationshipRevoked;
import org.coordination.ledger.contract.structure.RevokeCommandRelationship;
import org.coordination.ledger.provenance.PolicyCommands;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The withdrawal policy, one per deployed contingent: when the pledge is withdrawn, every command
 * relationship over its contingent is revoked.
 */
@Saga
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class WithdrawalPolicy {

    static final String NAME = "withdrawal";
    private static final String SEPARATOR = "/";

    /** "structureId/relationshipId" of relationships in force over the contingent */
    private Set<String> relationships = new LinkedHashSet<>();
    /** the contingent's pledge; null in a policy stored before it was kept (it was deployed then) */
    private ContributionState state;

    @Autowired
    private transient CommandGateway commandGateway;

    public WithdrawalPolicy() {
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "contributionId")
    void on(AuthorityTransferred event) {
        // relationships over a contingent exist only once its nation transferred authority
        state = ContributionState.after(state, event);
    }

    @SagaEventHandler(associationProperty = "contingentId", keyName = "contributionId")
    void on(CommandRelationshipAssigned event) {
        relationships.add(key(event.structureId(), event.relationshipId()));
        SagaLifecycle.associateWith("relationshipId", event.relationshipId().value());
    }

    @SagaEventHandler(associationProperty = "relationshipId")
    void on(CommandRelationshipRevoked event) {
        relationships.remove(key(event.structureId(), event.relationshipId()));
    }

    /**
     * Every other event of the pledge: once it is closed (its nation withdrew it; a deployed contingent
     * is not rejected), every relationship still in force over it is revoked and the policy ends.
     */
    @SagaEventHandler(associationProperty = "contributionId")
    void on(ContributionEvent event) {
        state = ContributionState.after(state, event);
        if (state == null || !state.closed()) {
            return;
        }
        String cause = "Contingent " + event.contributionId() + " "
                + (event instanceof ContributionWithdrawn withdrawn ? "withdrawn: " + withdrawn.reason() : state.name().toLowerCase());
        for (String relationship : relationships) {
            int split = relationship.indexOf(SEPARATOR);
            // revoking a relationship already revoked records nothing, so a late revocation by a person is harmless
            PolicyCommands.send(commandGateway, NAME, new RevokeCommandRelationship(
                    StructureId.of(relationship.substring(0, split)),
                    RelationshipId.of(relationship.substring(split + 1)),
                    cause));
        }
        SagaLifecycle.end();
    }

    private static String key(StructureId structureId, RelationshipId relationshipId) {
        return structureId.value() + SEPARATOR + relationshipId.value();
    }
}
