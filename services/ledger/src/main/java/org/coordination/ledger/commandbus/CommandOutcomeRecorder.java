package org.coordination.ledger.commandbus;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Lets the API answer with the events a command wrote: while a command is handled, every event
 * published in its unit of work is noted in a {@link CommandOutcome}, which becomes the handler's result.
 */
public class CommandOutcomeRecorder {

    private static final String OUTCOME = CommandOutcomeRecorder.class.getName() + ".outcome";

    public MessageHandlerInterceptor<CommandMessage<?>> commandInterceptor() {
        return (UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) -> {
            CommandOutcome outcome = new CommandOutcome();
            unitOfWork.resources().put(OUTCOME, outcome);
            chain.proceed();
            return outcome;
        };
    }

    public MessageDispatchInterceptor<EventMessage<?>> eventInterceptor() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
                return (index, event) -> {
                    if (CurrentUnitOfWork.isStarted() && event instanceof DomainEventMessage<?> domainEvent) {
                        CommandOutcome outcome = CurrentUnitOfWork.get().getResource(OUTCOME);
                        if (outcome != null) {
                            outcome.record(new CommandOutcome.RecordedEvent(event.getIdentifier(), event.getPayloadType().getSimpleName(),
                                    domainEvent.getSequenceNumber(), domainEvent.getAggregateIdentifier()));
                        }
                    }
                    return event;
                };
            }
        };
    }
}
