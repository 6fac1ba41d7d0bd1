package org.coordination.ledger.monitoring;

import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.tracing.SpanAttributesProvider;
import org.coordination.ledger.provenance.Provenance;

/**
 * Puts a message's correlation id (the id of the first command of its chain, in every event's metadata) on its
 * spans as {@code ledger.correlation_id}: the link between the ledger's own record and a trace, both ways, since
 * the events also carry the trace's {@code traceparent}. The rest of the metadata (principal, role, citation) stays
 * out of the traces, which are kept by other systems than the ledger.
 */
final class CorrelationIdSpanAttribute implements SpanAttributesProvider {

    static final String ATTRIBUTE = "ledger.correlation_id";

    @Override
    public Map<String, String> provideForMessage(Message<?> message) {
        Object correlationId = message.getMetaData().get(Provenance.CORRELATION_ID);
        return correlationId == null ? Map.of() : Map.of(ATTRIBUTE, correlationId.toString());
    }
}
