package org.coordination.ledger.upcasting;

import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.coordination.ledger.contract.revision.EventRevisions;

/**
 * The upcaster chain the storage engines read every stored event through: one upcaster per step of the
 * contract's {@link EventRevisions}, in their order, so that aggregates, processors, replays and as-of
 * reads all see the current revision. The read side's own reader ({@code StoredEventDecoder}) applies the
 * same steps, and so does the reference subscriber for records already on the topic.
 */
public final class Upcasters {

    private Upcasters() {
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(EventRevisions.STEPS.stream().map(RevisionStepUpcaster::new).toList());
    }
}
