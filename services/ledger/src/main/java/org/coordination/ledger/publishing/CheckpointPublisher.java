package org.coordination.ledger.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.coordination.ledger.eventstore.PeriodicLook;
import org.coordination.ledger.transparency.CheckpointAnnouncements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces every signed checkpoint on the witnesses' topic (one partition, keyed by the log's origin), in order, at
 * least once: the checkpoints table is the outbox. Each look takes the unannounced checkpoints in a transaction that
 * holds the announcing lock (one instance at a time, so they reach the topic in order), sends them, waits for the
 * broker's acknowledgements, and only then marks them announced; a broker outage leaves them for the next look.
 */
class CheckpointPublisher {

    private static final Logger log = LoggerFactory.getLogger(CheckpointPublisher.class);
    private static final int BATCH = 20;

    private final KafkaTemplate<String, String> template;
    private final KafkaAdmin admin;
    private final NewTopic topic;
    private final CheckpointAnnouncements announcements;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final KafkaPublishingProperties properties;
    private final PeriodicLook looks;
    private boolean topicEnsured;

    CheckpointPublisher(KafkaTemplate<String, String> template, KafkaAdmin admin, NewTopic topic, CheckpointAnnouncements announcements,
                        TransactionTemplate transactions, ObjectMapper json, KafkaPublishingProperties properties, Duration poll,
                        ApplicationContext context) {
        this.template = template;
        this.admin = admin;
        this.topic = topic;
        this.announcements = announcements;
        this.transactions = transactions;
        this.json = json;
        this.properties = properties;
        // at the close, a look waiting for the broker's acknowledgements is not waited for: interrupted, its transaction
        // rolls back and the checkpoints stay unannounced in the outbox, for the next look here or on another instance
        this.looks = new PeriodicLook("ledger-checkpoint-publisher", this::tick, poll, Duration.ofSeconds(1)).runningWith(context);
    }

    /** Closes the producer, after the looks stopped (the context's close event comes before its beans are destroyed). */
    public void close() {
        template.destroy();
    }

    void tick() {
        try {
            while (!looks.closing() && announceNext() == BATCH) {
                // a backlog (after an outage) goes out batch after batch
            }
        } catch (RuntimeException e) {
            topicEnsured = false;
            log.warn("Announcing checkpoints on {} failed; trying again shortly: {}", topic.name(), e.toString());
        }
    }

    /** Announces up to a batch of checkpoints; how many. */
    int announceNext() {
        Integer sent = transactions.execute(status -> {
            List<CheckpointAnnouncements.Announcement> pending = announcements.unannounced(BATCH);
            if (pending.isEmpty()) {
                return 0;
            }
            if (!topicEnsured) {
                admin.createOrModifyTopics(topic);
                topicEnsured = true;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>();
            for (CheckpointAnnouncements.Announcement announcement : pending) {
                sends.add(template.send(new ProducerRecord<>(topic.name(), announcements.key(), write(announcement))));
            }
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(properties.sendTimeoutSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while announcing checkpoints", e);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the checkpoints: " + e, e);
            }
            pending.forEach(announcement -> announcements.announced(announcement.treeSize()));
            return pending.size();
        });
        return sent == null ? 0 : sent;
    }

    private String write(CheckpointAnnouncements.Announcement announcement) {
        try {
            return json.writeValueAsString(announcement);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the announcement of checkpoint " + announcement.treeSize(), e);
        }
    }
}
