package org.coordination.ledger.provenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;

/**
 * The pledges a policy follows, each in the state {@link ContributionState#after} says, with the nation that
 * pledged it: the policies' one way of knowing where a pledge stands. A policy hands every event of a pledge it
 * follows to {@link #follow} (through one handler taking {@code ContributionEvent}); a pledge that closes is
 * forgotten, and the policy's association with it removed.
 *
 * <p>Where it is stored: the ledger's saga store keeps it in rows of its own, a row per pledge, and writes only
 * the pledges that changed ({@link PolicyPledgeRows}); it remembers which did for that. In the saga's
 * serialized state instead (Axon's own saga stores, the {@code axon-defaults} profile) it is a JSON object of
 * contribution id to pledge, written whole with every event the policy handles.
 */
public final class PolicyPledges {

    public static final String ASSOCIATION = "contributionId";

    /** A pledge as a policy knows it: its state, and its nation when the policy saw it pledged. */
    public record Pledge(ContributionState state, String nation) {
    }

    private final Map<String, Pledge> pledges;
    /** The contribution ids whose pledge was added, changed or forgotten since the store last wrote them. */
    private final Set<String> changed = new LinkedHashSet<>();

    public PolicyPledges() {
        this(new LinkedHashMap<>());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    PolicyPledges(Map<String, Pledge> pledges) {
        this.pledges = new LinkedHashMap<>(pledges == null ? Map.of() : pledges);
    }

    @JsonValue
    Map<String, Pledge> pledges() {
        return pledges;
    }

    /** Starts following a pledge to a force the policy covers, in the state it was pledged in. */
    public ContributionState pledged(ContributionPledged event) {
        SagaLifecycle.associateWith(ASSOCIATION, event.contributionId().value());
        return move(event.contributionId().value(), event, event.nation().value());
    }

    /**
     * Moves the pledge to its state after {@code event} and returns it; a closed pledge is forgotten.
     * A pledge the policy does not know yet is taken up once an event states its state.
     */
    public ContributionState follow(ContributionEvent event) {
        return move(event.contributionId().value(), event, null);
    }

    /** {@code nation}: the pledge's nation as the event states it; null keeps the one known. */
    private ContributionState move(String id, ContributionEvent event, String nation) {
        Pledge known = pledges.get(id);
        ContributionState after = ContributionState.after(known == null ? null : known.state(), event);
        if (after == null) {
            return null;
        }
        if (after.closed()) {
            if (pledges.remove(id) != null) {
                changed.add(id);
            }
            SagaLifecycle.removeAssociationWith(ASSOCIATION, id);
        } else {
            Pledge pledge = new Pledge(after, nation != null || known == null ? nation : known.nation());
            if (!pledge.equals(pledges.put(id, pledge))) {
                changed.add(id);
            }
        }
        return after;
    }

    /** Each pledge still in play, in the order they were pledged. */
    public void forEachInPlay(BiConsumer<String, ContributionState> action) {
        pledges.forEach((id, pledge) -> {
            if (pledge.state().inPlay()) {
                action.accept(id, pledge.state());
            }
        });
    }

    public boolean follows(String contributionId) {
        return pledges.containsKey(contributionId);
    }

    /** How many pledges it follows. */
    public int size() {
        return pledges.size();
    }

    /** The nation that pledged it, if the policy saw it pledged. */
    public String nation(String contributionId) {
        Pledge pledge = pledges.get(contributionId);
        return pledge == null ? null : pledge.nation();
    }

    /** A pledge as its row is read back, in the order the rows were written. */
    void restore(String contributionId, Pledge pledge) {
        pledges.put(contributionId, pledge);
    }

    /** A pledge added or changed since the store last wrote, or forgotten ({@code pledge} null). */
    record Change(String contributionId, Pledge pledge) {
    }

    /** Every pledge it follows counted as changed: for a policy stored whole. */
    void changedAll() {
        changed.addAll(pledges.keySet());
    }

    /** The one change since the last take, taken, if there is exactly one and it is not a pledge forgotten; else null. */
    Change takeOnlyChange() {
        if (changed.size() != 1) {
            return null;
        }
        String id = changed.iterator().next();
        Pledge pledge = pledges.get(id);
        if (pledge == null) {
            return null;
        }
        changed.clear();
        return new Change(id, pledge);
    }

    /** What changed since the last call, in the order it first changed. */
    List<Change> takeChanges() {
        List<Change> changes = new ArrayList<>(changed.size());
        for (String id : changed) {
            changes.add(new Change(id, pledges.get(id)));
        }
        changed.clear();
        return changes;
    }
}
