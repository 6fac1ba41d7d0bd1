package org.coordination.ledger.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Times a processor's batches: from its first event handled to its commit (the token update included), with
 * the events it held, and counts the batches rolled back. A streaming processor handles a batch in one unit
 * of work and calls its interceptors once per event; the first call of a unit of work starts the batch.
 */
final class BatchMetrics implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String BATCH = BatchMetrics.class.getName() + ".batch";

    private final String processor;
    private final MeterRegistry meters;
    /** Registered at the first batch: a subscribing processor, which has no batches of its own, shows none. */
    private volatile Meters registered;

    BatchMetrics(String processor, MeterRegistry meters) {
        this.processor = processor;
        this.meters = meters;
    }

    private record Meters(Timer duration, DistributionSummary size, Counter rolledBack) {
    }

    private Meters meters() {
        Meters m = registered;
        if (m == null) {
            m = new Meters(
                    Timer.builder("ledger.processor.batch")
                            .description("A processor's batch from its first event handled to its commit").tag("processor", processor)
                            .register(meters),
                    DistributionSummary.builder("ledger.processor.batch.events")
                            .description("Events a processor handled in one committed batch").baseUnit("events").tag("processor", processor)
                            .register(meters),
                    Counter.builder("ledger.processor.batch.rolled.back")
                            .description("A processor's batches that rolled back (to be retried, or an event dead-lettered)")
                            .tag("processor", processor).register(meters));
            registered = m; // registering twice returns the same meters
        }
        return m;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain) throws Exception {
        if (unitOfWork.parent().isPresent()) {
            return interceptorChain.proceed(); // a subscribing processor, inside the command's unit of work: no batch of its own
        }
        UnitOfWork<?> batch = unitOfWork;
        int[] events = batch.getOrComputeResource(BATCH, key -> start(batch));
        events[0]++;
        return interceptorChain.proceed();
    }

    private int[] start(UnitOfWork<?> batch) {
        long began = System.nanoTime();
        int[] events = new int[1];
        Meters m = meters();
        batch.afterCommit(committed -> {
            m.duration().record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
            m.size().record(events[0]);
        });
        batch.onRollback(failed -> m.rolledBack().increment());
        return events;
    }
}
