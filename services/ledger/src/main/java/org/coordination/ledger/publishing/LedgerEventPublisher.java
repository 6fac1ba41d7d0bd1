package org.coordination.ledger.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventHistory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Publishes every event, in store order, from its own streaming processor: the event store is the
 * outbox. The events of a batch are sent together when it prepares to commit, without waiting for each
 * other (the idempotent producer keeps their order per partition), and the batch's transaction, which
 * carries the processor's token, commits only once the broker has acknowledged every one of them; a failure fails the batch,
 * which is retried. At least once: a retried batch may publish an event again, with the same id.
 * The key is the stream ({@code <Kind>:<id>}, {@link LedgerCloudEvents#key}): a stream's events share a
 * partition, in store order.
 */
@ProcessingGroup(PublisherStatus.PROCESSOR)
public class LedgerEventPublisher {

    private static final String PENDING = LedgerEventPublisher.class.getName() + ".pending";

    private final KafkaTemplate<String, CloudEvent> template;
    private final KafkaAdmin admin;
    private final NewTopic topic;
    /** Whether the topic is known to exist; the broker may have been down when the service started. */
    private final AtomicBoolean topicEnsured = new AtomicBoolean();
    private final KafkaPublishingProperties properties;
    private final ObjectMapper json;
    private final PublisherStatus status;
    private final EventHistory history;
    private final JdbcTemplate jdbc;

    LedgerEventPublisher(KafkaTemplate<String, CloudEvent> template, KafkaAdmin admin, NewTopic topic,
                         KafkaPublishingProperties properties, ObjectMapper json, PublisherStatus status, EventHistory history,
                         JdbcTemplate jdbc) {
        this.template = template;
        this.admin = admin;
        this.topic = topic;
        this.properties = properties;
        this.json = json;
        this.status = status;
        this.history = history;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(LedgerEvent event, DomainEventMessage<?> message) {
        EventEnvelope envelope = history.fromTracked(event, message);
        try {
            if (!topicEnsured.get()) {
                // created if absent; refused, and nothing published, if its partition count is not the configured one
                EventsTopic.ensure(admin, topic);
                topicEnsured.set(true);
            }
            RecordHeaders headers = new RecordHeaders();
            TraceHeaders.inject(headers); // here, inside the event's span, not when the batch is sent
            pending().add(new Pending(envelope, headers));
        } catch (RuntimeException failure) {
            failed(failure);
            throw failure;
        }
    }

    /**
     * The events of the current batch. When the batch prepares to commit, their chain hashes are read in one query
     * (each record carries its event's, so that a witness can find it in the signed Merkle log), they are all sent,
     * and every one must be acknowledged before the batch commits.
     */
    private List<Pending> pending() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<Pending> envelopes = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> send(envelopes));
            // the batch is published once its token is stored: acknowledged by Kafka and then rolled back (the claim lost,
            // the connection gone at commit), it is sent again, and health must say so
            batch.afterCommit(unitOfWork -> status.published());
            batch.onRollback(unitOfWork -> status.failed(rollbackCause(unitOfWork)));
            return envelopes;
        });
    }

    /** An event of the batch and the headers made for it while it was handled (its trace context). */
    private record Pending(EventEnvelope envelope, RecordHeaders headers) {
    }

    private void send(List<Pending> batch) {
        try {
            Map<String, byte[]> hashes = chainHashes(batch);
            List<CompletableFuture<?>> sends = new ArrayList<>(batch.size());
            for (Pending pending : batch) {
                EventEnvelope envelope = pending.envelope();
                sends.add(template.send(new ProducerRecord<>(properties.topic(), null, LedgerCloudEvents.key(envelope),
                        LedgerCloudEvents.of(envelope, hashes.get(envelope.eventId()), json), pending.headers())));
            }
            awaitAcknowledgements(sends);
        } catch (RuntimeException failure) {
            failed(failure);
            throw failure;
        }
    }

    private Map<String, byte[]> chainHashes(List<Pending> batch) {
        Map<String, byte[]> hashes = new HashMap<>();
        jdbc.query(connection -> {
            var select = connection.prepareStatement("SELECT event_identifier, hash FROM domain_event_entry WHERE event_identifier = ANY(?)");
            select.setArray(1, connection.createArrayOf("text", batch.stream().map(p -> p.envelope().eventId()).toArray()));
            return select;
        }, row -> {
            hashes.put(row.getString(1), row.getBytes(2));
        });
        return hashes;
    }

    private void awaitAcknowledgements(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(properties.sendTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException failure) {
            failed(failure);
            throw new IllegalStateException("Kafka did not acknowledge the batch: " + failure, failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka's acknowledgements", interrupted);
        }
    }

    private static Exception rollbackCause(UnitOfWork<?> batch) {
        Throwable cause = batch.getExecutionResult() == null ? null : batch.getExecutionResult().getExceptionResult();
        return cause instanceof Exception exception ? exception : new IllegalStateException("the batch's transaction rolled back", cause);
    }

    private void failed(Exception failure) {
        status.failed(failure);
        topicEnsured.set(false);
    }
}
