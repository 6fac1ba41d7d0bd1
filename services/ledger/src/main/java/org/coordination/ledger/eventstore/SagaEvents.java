package org.coordination.ledger.eventstore;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaMethodMessageHandlingMember;
import org.axonframework.modelling.saga.metamodel.AnnotationSagaMetaModelFactory;
import org.axonframework.modelling.saga.metamodel.SagaModel;

/**
 * The event a saga type's processor is handling on this thread, and the association values it has for that type:
 * one per handler of the saga that handles it, by the handler's association property, as Axon's saga manager
 * extracts them before it finds the sagas of each value in turn. A pledge has two for each policy that follows a
 * force's pledges: its force (the policy's handler of the pledge) and its own id (the handler of every event of a
 * pledge).
 */
final class SagaEvents {

    /** The event (its identifier) and its association values for the saga type. */
    record Current(String id, Set<AssociationValue> values) {
    }

    /** Each saga type's handlers, as Axon reads them from its annotations (none: the type could not be read so). */
    private final Map<Class<?>, Optional<SagaModel<?>>> models = new ConcurrentHashMap<>();

    /** The event being handled on this thread and its association values for {@code sagaType}; null outside the handling of an event. */
    Current current(Class<?> sagaType) {
        if (!CurrentUnitOfWork.isStarted() || !(CurrentUnitOfWork.get().getMessage() instanceof EventMessage<?> event)) {
            return null;
        }
        Optional<SagaModel<?>> model = models.computeIfAbsent(sagaType, SagaEvents::modelOf);
        if (model.isEmpty()) {
            return null;
        }
        Set<AssociationValue> values = new HashSet<>();
        for (MessageHandlingMember<?> handler : model.get().findHandlerMethods(event)) {
            handler.unwrap(SagaMethodMessageHandlingMember.class)
                    .map(saga -> saga.getAssociationValue(event))
                    .ifPresent(values::add);
        }
        return new Current(event.getIdentifier(), values);
    }

    private static Optional<SagaModel<?>> modelOf(Class<?> sagaType) {
        try {
            return Optional.of(new AnnotationSagaMetaModelFactory().modelOf(sagaType));
        } catch (AxonConfigurationException unreadable) {
            return Optional.empty(); // its finds are made one value at a time, as Axon makes them
        }
    }
}
