package org.coordination.ledger.provenance;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Carries provenance from a message to every message created while handling it: a command's
 * provenance to its events, an event's to the commands a policy sends in reaction.
 * <p>
 * The correlation id is the id of the first message of the chain, the causation id the id of the
 * direct parent. The recorded time and the policy name are only inherited from commands: a command
 * a policy sends later is recorded when it is sent, and names its own policy.
 */
public class ProvenanceCorrelationDataProvider implements CorrelationDataProvider {

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        copy(message, data, Provenance.PRINCIPAL);
        copy(message, data, Provenance.ROLE);
        copy(message, data, Provenance.CITATION);
        copy(message, data, Provenance.EFFECTIVE_AT);
        if (message instanceof CommandMessage) {
            copy(message, data, Provenance.RECORDED_AT);
            copy(message, data, Provenance.POLICY);
        }
        Object correlationId = message.getMetaData().get(Provenance.CORRELATION_ID);
        data.put(Provenance.CORRELATION_ID, correlationId != null ? correlationId : message.getIdentifier());
        data.put(Provenance.CAUSATION_ID, message.getIdentifier());
        return data;
    }

    private static void copy(Message<?> message, Map<String, Object> data, String key) {
        Object value = message.getMetaData().get(key);
        if (value != null) {
            data.put(key, value);
        }
    }
}
