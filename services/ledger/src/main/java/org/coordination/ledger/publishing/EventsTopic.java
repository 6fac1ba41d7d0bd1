package org.coordination.ledger.publishing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Makes sure of the events topic before the publisher's first record: created with the configured partitions,
 * replication, {@code min.insync.replicas} and {@code retention.ms=-1} if it does not exist; refused if it exists with
 * another partition count. A record's partition is its key's hash modulo the partition count, so a topic with more or
 * fewer partitions than the ones its records were written to sends a stream's next events to another partition than
 * its earlier ones, and a subscriber could read them out of order. Spring's {@code createOrModifyTopics} would add the
 * missing partitions to a topic with fewer ({@code ledger.kafka.partitions} raised): it is used only when the topic does
 * not exist. An existing topic's other settings are not changed (an operator may have chosen them); one that differs
 * from the configuration is logged at WARN.
 */
final class EventsTopic {

    private static final Logger log = LoggerFactory.getLogger(EventsTopic.class);

    /** The events topic exists with a partition count other than the configured one: the publisher does not publish. */
    static final class PartitionsDiffer extends IllegalStateException {
        PartitionsDiffer(String message) {
            super(message);
        }
    }

    private EventsTopic() {
    }

    /** Creates {@code topic} if it does not exist; refuses it ({@link PartitionsDiffer}) if it exists with other partitions. */
    static void ensure(KafkaAdmin admin, NewTopic topic) {
        Optional<TopicDescription> existing = describe(admin, topic.name());
        if (existing.isEmpty()) {
            // created with the configuration; nothing else creates it (the reference subscriber's consumers do not ask the
            // broker to), so Spring's partition adding, which needs an existing topic with fewer partitions, has none
            admin.createOrModifyTopics(topic);
            return;
        }
        int partitions = existing.get().partitions().size();
        if (partitions != topic.numPartitions()) {
            String message = "Kafka topic " + topic.name() + " has " + partitions + " partitions and ledger.kafka.partitions is "
                    + topic.numPartitions() + ": not publishing. A stream's events go to the partition of its key's hash modulo "
                    + "the count, so changing it would put a stream's later events on another partition than its earlier ones, "
                    + "out of order for subscribers. Set ledger.kafka.partitions to " + partitions + ", or publish to a new topic "
                    + "(LEDGER_KAFKA_TOPIC) and let subscribers rebuild from it (docs/kafka.md)";
            log.error(message);
            throw new PartitionsDiffer(message);
        }
        warnOfOtherSettings(admin, topic, existing.get());
    }

    private static Optional<TopicDescription> describe(KafkaAdmin admin, String name) {
        try {
            return Optional.ofNullable(admin.describeTopics(name).get(name));
        } catch (RuntimeException failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnknownTopicOrPartitionException) {
                    return Optional.empty();
                }
            }
            throw failure;
        }
    }

    private static void warnOfOtherSettings(KafkaAdmin admin, NewTopic topic, TopicDescription existing) {
        int replicas = existing.partitions().get(0).replicas().size();
        if (topic.replicationFactor() > 0 && replicas < topic.replicationFactor()) {
            log.warn("Kafka topic {} has {} replica(s) per partition, fewer than ledger.kafka.replication-factor ({}); the ledger "
                    + "does not change an existing topic", topic.name(), replicas, topic.replicationFactor());
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        Config config;
        try (AdminClient client = AdminClient.create(admin.getConfigurationProperties())) {
            config = client.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException failure) {
            log.warn("Could not read Kafka topic {}'s settings to compare them with the ledger's: {}", topic.name(), failure.toString());
            return;
        }
        for (Map.Entry<String, String> wanted : topic.configs().entrySet()) {
            ConfigEntry entry = config == null ? null : config.get(wanted.getKey());
            String actual = entry == null ? null : entry.value();
            if (!wanted.getValue().equals(actual)) {
                log.warn("Kafka topic {} has {}={}, not {} as the ledger would create it; the ledger does not change an existing "
                        + "topic (kafka-configs.sh --alter does)", topic.name(), wanted.getKey(), actual, wanted.getValue());
            }
        }
    }
}
