package org.coordination.ledger.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventHistory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes every event, in store order, from its own streaming processor: the event store is the
 * outbox. Each send waits for the broker's acknowledgement, so the processor's token (committed
 * after the batch) never passes an event Kafka has not acknowledged; a failure fails the batch, which
 * is retried. At least once: a retried batch may publish an event again, with the same id.
 */
@ProcessingGroup(PublisherStatus.PROCESSOR)
public class LedgerEventPublisher {

    private final KafkaTemplate<String, CloudEvent> template;
    private final KafkaAdmin admin;
    private final NewTopic topic;
    /** Whether the topic is known to exist; the broker may have been down when the service started. */
    private final AtomicBoolean topicEnsured = new AtomicBoolean();
    private final KafkaPublishingProperties properties;
    private final ObjectMapper json;
    private final PublisherStatus status;
    private final EventHistory history;

    LedgerEventPublisher(KafkaTemplate<String, CloudEvent> template, KafkaAdmin admin, NewTopic topic,
                         KafkaPublishingProperties properties, ObjectMapper json, PublisherStatus status, EventHistory history) {
        this.template = template;
        this.admin = admin;
        this.topic = topic;
        this.properties = properties;
        this.json = json;
        this.status = status;
        this.history = history;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) throws Exception {
        EventEnvelope envelope = history.fromTracked(event, message);
        try {
            if (!topicEnsured.get()) {
                admin.createOrModifyTopics(topic);
                topicEnsured.set(true);
            }
            template.send(properties.topic(), envelope.aggregateId(), LedgerCloudEvents.of(envelope, json))
                    .get(properties.sendTimeoutSeconds(), TimeUnit.SECONDS);
            status.published();
        } catch (ExecutionException | TimeoutException | RuntimeException failure) {
            status.failed(failure);
            topicEnsured.set(false);
            throw failure;
        }
    }
}
