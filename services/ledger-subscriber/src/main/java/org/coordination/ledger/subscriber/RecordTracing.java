package org.coordination.ledger.subscriber;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.nio.charset.StandardCharsets;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * With tracing on ({@code LEDGER_TRACING_ENABLED=true}), each record applied is a span that continues the trace its
 * W3C {@code traceparent} header names: the ledger's span for publishing that event, in the trace of the command that
 * stored it. The listener takes records in batches, which spring-kafka's own observation does not trace per record,
 * hence this. The span holds the record's change to the view; the board's rows a poll changed are written after the
 * poll's last span, in one statement for all of them ({@link PledgeBoard}). Off, the record is applied with nothing
 * around it.
 */
@Component
class RecordTracing {

    private static final TextMapGetter<Headers> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers headers) {
            return StreamSupport.stream(headers.spliterator(), false).map(Header::key).toList();
        }

        @Override
        public String get(Headers headers, String key) {
            Header header = headers == null ? null : headers.lastHeader(key);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private final Tracer tracer;

    RecordTracing(ObjectProvider<OpenTelemetry> openTelemetry, @Value("${management.tracing.enabled:false}") boolean enabled) {
        OpenTelemetry available = enabled ? openTelemetry.getIfAvailable() : null;
        this.tracer = available == null ? null : available.getTracer("org.coordination.ledger.subscriber");
    }

    /** Runs {@code apply} for the record, in a span of the record's trace when tracing is on. */
    void apply(ConsumerRecord<String, byte[]> record, String eventType, Runnable apply) {
        if (tracer == null) {
            apply.run();
            return;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), record.headers(), HEADERS);
        Span span = tracer.spanBuilder("ledger-subscriber apply " + (eventType == null ? "record" : eventType.replace("org.coordination.ledger.", "")))
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.kafka.offset", record.offset())
                .startSpan();
        try (Scope scope = span.makeCurrent()) {
            apply.run();
        } catch (RuntimeException failure) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
            throw failure;
        } finally {
            span.end();
        }
    }
}
