package org.coordination.ledger.publishing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.coordination.ledger.readmodel.EventHistory;
import org.coordination.ledger.transparency.CheckpointAnnouncements;
import org.coordination.ledger.transparency.MerkleLogProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Kafka publishing, on when LEDGER_KAFKA_BOOTSTRAP_SERVERS is set. */
@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaPublishingConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("!'${ledger.kafka.bootstrap-servers:}'.isBlank()")
    static class Enabled {

        @Bean
        KafkaTemplate<String, CloudEvent> cloudEventTemplate(KafkaPublishingProperties properties) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class);
            // nothing acknowledged by the broker is lost, nothing retried is duplicated or reordered by the producer
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, properties.sendTimeoutSeconds() * 1000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(15_000, properties.sendTimeoutSeconds() * 1000 - 1000));
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.sendTimeoutSeconds() * 1000);
            return closingTemplate(config);
        }

        /**
         * The witnesses' topic: one partition, so that every witness sees the checkpoints in the order they were signed,
         * and no retention limit.
         */
        @Bean
        NewTopic checkpointTopic(CheckpointAnnouncements announcements, KafkaPublishingProperties properties) {
            // kept for ever: a witness that starts later reads the chain from its first checkpoint
            return new NewTopic(announcements.topic(), 1, properties.replicationFactor().shortValue())
                    .configs(Map.of("retention.ms", "-1", "min.insync.replicas", properties.minInsyncReplicas().toString()));
        }

        @Bean
        CheckpointPublisher checkpointPublisher(KafkaPublishingProperties properties, KafkaAdmin admin, NewTopic checkpointTopic,
                                                CheckpointAnnouncements announcements, TransactionTemplate transactions, ObjectMapper json,
                                                MerkleLogProperties merkle, ApplicationContext context) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, properties.sendTimeoutSeconds() * 1000);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(15_000, properties.sendTimeoutSeconds() * 1000 - 1000));
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.sendTimeoutSeconds() * 1000);
            log.info("Announcing every signed checkpoint on Kafka topic {}", checkpointTopic.name());
            return new CheckpointPublisher(closingTemplate(config), admin, checkpointTopic,
                    announcements, transactions, json, properties, merkle.checkpointPoll(), context);
        }

        /**
         * Created through Boot's KafkaAdmin (spring.kafka.bootstrap-servers is the same address) before the first record
         * ({@link EventsTopic}); a broker down at start is not fatal. Kept for ever: a new subscriber, or one rebuilding its
         * view, reads every event from the topic's beginning, and nothing publishes an event again once it is deleted.
         * Replicated {@code ledger.kafka.replication-factor} times, and a record acknowledged (acks=all) only once
         * {@code ledger.kafka.min-insync-replicas} replicas hold it.
         */
        @Bean
        NewTopic ledgerTopic(KafkaPublishingProperties properties) {
            return new NewTopic(properties.topic(), properties.partitions(), properties.replicationFactor().shortValue())
                    .configs(Map.of("retention.ms", "-1", "min.insync.replicas", properties.minInsyncReplicas().toString()));
        }

        @Bean
        LedgerEventPublisher ledgerEventPublisher(KafkaTemplate<String, CloudEvent> template, KafkaAdmin admin, NewTopic ledgerTopic,
                                                  KafkaPublishingProperties properties, ObjectMapper json, PublisherStatus status,
                                                  EventHistory history, JdbcTemplate jdbc) {
            log.info("Publishing every event to Kafka topic {} at {}", properties.topic(), properties.bootstrapServers());
            return new LedgerEventPublisher(template, admin, ledgerTopic, properties, json, status, history, jdbc);
        }
    }

    /**
     * A template that closes its producer when it is destroyed. Its factory is made here, not a bean, so nothing else
     * would close it: each closed context (a test JVM holds many) left a producer reconnecting to its broker for ever.
     */
    static <V> KafkaTemplate<String, V> closingTemplate(Map<String, Object> config) {
        DefaultKafkaProducerFactory<String, V> factory = new DefaultKafkaProducerFactory<>(config);
        return new KafkaTemplate<>(factory) {
            @Override
            public void destroy() {
                super.destroy();
                factory.destroy();
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${ledger.kafka.bootstrap-servers:}'.isBlank()")
    static class Disabled {

        Disabled() {
            log.info("Kafka publishing is off: LEDGER_KAFKA_BOOTSTRAP_SERVERS is not set. Once it is, every event from the first "
                    + "will be published.");
        }
    }
}
