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

    /** Twice this, and a margin, inside the two minutes PostgreSQL leaves a transaction idle. */
    static final int MAX_SEND_TIMEOUT_SECONDS = 55;

    public KafkaPublishingProperties {
        topic = topic == null || topic.isBlank() ? "coordination-ledger.events.v2" : topic;
        partitions = partitions == null ? 6 : partitions;
        sendTimeoutSeconds = sendTimeoutSeconds == null ? 30 : sendTimeoutSeconds;
        if (sendTimeoutSeconds < 1 || sendTimeoutSeconds > MAX_SEND_TIMEOUT_SECONDS) {
            // a publisher's batch waits up to twice this (the broker's metadata, then its acknowledgement) inside its
            // transaction, which PostgreSQL ends after two minutes idle (application.yml; docs/reliability.md, "Late commits")
            throw new IllegalArgumentException("ledger.kafka.send-timeout-seconds must be from 1 to " + MAX_SEND_TIMEOUT_SECONDS
                    + " s, not " + sendTimeoutSeconds);
        }
        replicationFactor = replicationFactor == null ? 1 : replicationFactor;
        minInsyncReplicas = minInsyncReplicas == null ? 1 : minInsyncReplicas;
    }

    public boolean enabled() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }
}
