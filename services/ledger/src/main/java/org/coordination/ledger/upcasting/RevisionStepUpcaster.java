package org.coordination.ledger.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.coordination.ledger.contract.revision.EventRevisions;

/**
 * One step of the contract's {@link EventRevisions} as an Axon upcaster: an event stored at the step's
 * revision is read as the next one. The stored row is never touched (its bytes are what the hash chain
 * covers); only what is read from it changes.
 */
final class RevisionStepUpcaster extends SingleEventUpcaster {

    private final EventRevisions.Step step;
    private final SimpleSerializedType from;
    private final SimpleSerializedType to;

    RevisionStepUpcaster(EventRevisions.Step step) {
        this.step = step;
        this.from = new SimpleSerializedType(step.event().getName(), step.revision());
        this.to = new SimpleSerializedType(step.event().getName(), step.next());
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return from.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, JsonNode.class, payload -> {
            if (!payload.isObject()) {
                throw new IllegalArgumentException(step.event().getSimpleName() + " of revision " + step.revision()
                        + " is not a JSON object (event " + representation.getMessageIdentifier() + ")");
            }
            return step.step().apply((ObjectNode) payload);
        });
    }

    @Override
    public String toString() {
        return "RevisionStepUpcaster[" + from.getName() + " " + from.getRevision() + " -> " + to.getRevision() + "]";
    }
}
