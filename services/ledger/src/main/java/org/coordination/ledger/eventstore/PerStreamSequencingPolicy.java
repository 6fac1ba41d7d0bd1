package org.coordination.ledger.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;

/**
 * Which events a processor keeps in order, and which a dead letter holds back: those of one stream,
 * named by kind and id. Axon's default (per aggregate identifier) would see the force {@code isf} and the
 * command structure {@code isf} as one sequence, so a dead letter of one would stall the other.
 */
public final class PerStreamSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (!(event instanceof DomainEventMessage<?> domainEvent)) {
            return null;
        }
        return domainEvent.getType() == null ? domainEvent.getAggregateIdentifier()
                : new StreamId(domainEvent.getType(), domainEvent.getAggregateIdentifier()).qualified();
    }
}
