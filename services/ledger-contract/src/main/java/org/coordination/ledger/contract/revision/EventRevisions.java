package org.coordination.ledger.contract.revision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;

/**
 * The events' earlier revisions, and the steps that turn each into the next: what a reader of stored
 * events (the ledger's upcasters) or of the topic (a subscriber) needs to read every revision as the
 * current one. A step works on the JSON, so that every reader shares it, whatever it reads with.
 * docs/events.md says when an event gets a new revision, and how to add its step here.
 */
public final class EventRevisions {

    /**
     * One step: {@code event} stored at {@code revision} becomes {@code next} by {@code step}.
     *
     * @param shape the record of that revision's shape, for the docs and the wire-format fixtures
     */
    public record Step(Class<? extends LedgerEvent> event, String revision, String next, Class<? extends Record> shape,
                       UnaryOperator<ObjectNode> step) {
    }

    /** Every step, oldest revision first within an event. */
    public static final List<Step> STEPS = List.of(
            new Step(ContributionPledged.class, "1", "2", ContributionPledgedRevision1.class, ContributionPledgedRevision1::toRevision2));

    private EventRevisions() {
    }

    /** The revision the contract writes {@code event} in. */
    public static String current(Class<?> event) {
        Revision revision = event.getAnnotation(Revision.class);
        return revision == null ? null : revision.value();
    }

    /** The step from {@code event} stored at {@code revision}, if there is one. */
    public static Optional<Step> stepFrom(String eventClassName, String revision) {
        return STEPS.stream().filter(s -> s.event().getName().equals(eventClassName) && s.revision().equals(revision)).findFirst();
    }

    /**
     * As {@link #toCurrent(Class, String, JsonNode)}, for an event named as the store names it (its class name).
     *
     * @throws IllegalArgumentException for a class name that is no event of this contract, or a revision no step starts from
     */
    public static JsonNode toCurrent(String eventClassName, String revision, JsonNode payload) {
        Class<?> event;
        try {
            event = Class.forName(eventClassName, false, EventRevisions.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("No event type " + eventClassName + " in this release");
        }
        if (!LedgerEvent.class.isAssignableFrom(event)) {
            throw new IllegalArgumentException(eventClassName + " is not an event");
        }
        return toCurrent(event, revision, payload);
    }

    /**
     * {@code payload}, the JSON of {@code event} at {@code revision}, as the current revision: unchanged when it
     * is the current one, otherwise through every step from there.
     *
     * @throws IllegalArgumentException for a revision no step starts from (a newer release's, or none ever written)
     */
    public static JsonNode toCurrent(Class<?> event, String revision, JsonNode payload) {
        String current = current(event);
        JsonNode json = payload;
        String at = revision;
        while (!java.util.Objects.equals(at, current)) {
            String from = at;
            Step step = stepFrom(event.getName(), from).orElseThrow(() -> new IllegalArgumentException(
                    event.getSimpleName() + " of revision " + from + " cannot be read: this release reads revision " + current
                            + (STEPS.stream().anyMatch(s -> s.event() == event) ? " and the earlier ones it has steps for" : " only")));
            if (!json.isObject()) {
                throw new IllegalArgumentException(event.getSimpleName() + " of revision " + from + " is not a JSON object");
            }
            json = step.step().apply((ObjectNode) json);
            at = step.next();
        }
        return json;
    }
}
