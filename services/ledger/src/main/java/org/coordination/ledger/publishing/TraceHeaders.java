package org.coordination.ledger.publishing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * The W3C trace context on a Kafka record ({@code traceparent}, and {@code tracestate} if any): the current span's,
 * which while the publisher handles an event is its span in the trace of the command that stored the event, so a
 * subscriber continues that trace. Nothing when no span is current (tracing off, or an event too old to be traced).
 */
final class TraceHeaders {

    private TraceHeaders() {
    }

    static void inject(Headers headers) {
        W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, (carrier, key, value) -> {
            carrier.remove(key);
            carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
        });
    }
}
