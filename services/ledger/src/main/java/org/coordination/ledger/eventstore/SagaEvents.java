package org.coordination.ledger.eventstore;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaMethodMessageHandlingMember;
import org.axonframework.modelling.saga.metamodel.AnnotationSagaMetaModelFactory;
import org.axonframework.modelling.saga.metamodel.SagaModel;
import org.axonframework.serialization.SerializationException;

/**
 * The events of the batch a saga type's processor is handling on this thread, and the association values they have
 * for that type: one per handler of the saga that handles an event, by the handler's association property, as Axon's
 * saga manager extracts them before it finds the sagas of each value in turn. A pledge has two for each policy that
 * follows a force's pledges: its force (the policy's handler of the pledge) and its own id (the handler of every
 * event of a pledge).
 */
final class SagaEvents {

    /** Each saga type's handlers, as Axon reads them from its annotations (none: the type could not be read so). */
    private final Map<Class<?>, Optional<SagaModel<?>>> models = new ConcurrentHashMap<>();

    /**
     * The association values for {@code sagaType} of every event of the batch being handled on this thread (a
     * processor's batch is its unit of work's); of the one event being handled outside a batch; none outside the
     * handling of an event. An event whose payload cannot be read adds none (its handling fails on it).
     */
    Set<AssociationValue> ofBatch(Class<?> sagaType) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Set.of();
        }
        Optional<SagaModel<?>> model = models.computeIfAbsent(sagaType, SagaEvents::modelOf);
        if (model.isEmpty()) {
            return Set.of();
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<?> messages = unitOfWork.root() instanceof BatchingUnitOfWork<?> batch ? batch.getMessages() : List.of(unitOfWork.getMessage());
        Set<AssociationValue> values = new HashSet<>();
        for (Object message : messages) {
            if (message instanceof EventMessage<?> event) {
                try {
                    for (MessageHandlingMember<?> handler : model.get().findHandlerMethods(event)) {
                        handler.unwrap(SagaMethodMessageHandlingMember.class)
                                .map(saga -> saga.getAssociationValue(event))
                                .ifPresent(values::add);
                    }
                } catch (SerializationException unreadable) {
                    // found on its own when it is handled, if it gets that far
                }
            }
        }
        return values;
    }

    private static Optional<SagaModel<?>> modelOf(Class<?> sagaType) {
        try {
            return Optional.of(new AnnotationSagaMetaModelFactory().modelOf(sagaType));
        } catch (AxonConfigurationException unreadable) {
            return Optional.empty(); // its finds are made one value at a time, as Axon makes them
        }
    }
}
