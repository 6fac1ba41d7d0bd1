package org.coordination.ledger.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the ledger publishes its events: empty bootstrap servers means publishing is off. The replication factor and
 * the minimum in-sync replicas apply to both topics the ledger creates (events and checkpoints): 1 and 1 suit a single
 * local broker; a production cluster wants 3 and 2, so that a record the broker acknowledged (acks=all) is on two
 * brokers at least.
 */
@ConfigurationProperties("ledger.kafka")
public record KafkaPublishingProperties(String bootstrapServers, String topic, Integer partitions, Integer sendTimeoutSeconds,
                                        Integer replicationFactor, Integer minInsyncReplicas) {

    public KafkaPublishingProperties {
        topic = topic == null || topic.isBlank() ? "coordination-ledger.events.v2" : topic;
        partitions = partitions == null ? 6 : partitions;
        sendTimeoutSeconds = sendTimeoutSeconds == null ? 30 : sendTimeoutSeconds;
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        minInsyncReplicas = minInsyncReplicas == null ? 1 : minInsyncReplicas;
    }

    public boolean enabled() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }
}
