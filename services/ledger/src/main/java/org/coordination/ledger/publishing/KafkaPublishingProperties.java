package org.coordination.ledger.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the ledger publishes its events: empty bootstrap servers means publishing is off. */
@ConfigurationProperties("ledger.kafka")
public record KafkaPublishingProperties(String bootstrapServers, String topic, Integer partitions, Integer sendTimeoutSeconds) {

    public KafkaPublishingProperties {
        topic = topic == null || topic.isBlank() ? "coordination-ledger.events.v2" : topic;
        partitions = partitions == null ? 6 : partitions;
        sendTimeoutSeconds = sendTimeoutSeconds == null ? 30 : sendTimeoutSeconds;
    }

    public boolean enabled() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }
}
