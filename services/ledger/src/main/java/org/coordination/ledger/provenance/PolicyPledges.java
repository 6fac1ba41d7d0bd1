package org.coordination.ledger.provenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;

/**
 * The pledges a policy follows, each in the state {@link ContributionState#after} says: the policies'
 * one way of knowing where a pledge stands. A policy hands every event of a pledge it follows to
 * {@link #follow} (through one handler taking {@code ContributionEvent}); a pledge that closes is
 * forgotten, and the policy's association with it removed. Stored in the saga as a JSON object of
 * contribution id to state name.
 */
public final class PolicyPledges {

    public static final String ASSOCIATION = "contributionId";

    private final Map<String, ContributionState> states;

    public PolicyPledges() {
        this(new LinkedHashMap<>());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    PolicyPledges(Map<String, ContributionState> states) {
        this.states = new LinkedHashMap<>(states == null ? Map.of() : states);
    }

    @JsonValue
    Map<String, ContributionState> states() {
        return states;
    }

    /** Starts following a pledge to a force the policy covers, in the state it was pledged in. */
    public ContributionState pledged(ContributionPledged event) {
        SagaLifecycle.associateWith(ASSOCIATION, event.contributionId().value());
        return follow(event);
    }

    /**
     * Moves the pledge to its state after {@code event} and returns it; a closed pledge is forgotten.
     * A pledge the policy does not know yet is taken up once an event states its state.
     */
    public ContributionState follow(ContributionEvent event) {
        String id = event.contributionId().value();
        ContributionState after = ContributionState.after(states.get(id), event);
        if (after == null) {
            return null;
        }
        if (after.closed()) {
            states.remove(id);
            SagaLifecycle.removeAssociationWith(ASSOCIATION, id);
        } else {
            states.put(id, after);
        }
        return after;
    }

    /** Each pledge still in play, in the order they were pledged. */
    public void forEachInPlay(BiConsumer<String, ContributionState> action) {
        states.forEach((id, state) -> {
            if (state.inPlay()) {
                action.accept(id, state);
            }
        });
    }

    public boolean follows(String contributionId) {
        return states.containsKey(contributionId);
    }
}
