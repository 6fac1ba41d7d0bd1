package org.coordination.ledger.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far the Kafka publisher is behind the store: a metric ({@code ledger.publisher.lag}) and health
 * details. A broker outage never makes the service unhealthy: the store is the outbox, and the
 * backlog is published once the broker is back.
 */
@Component("kafkaPublisher")
public class PublisherStatus implements HealthIndicator {

    static final String PROCESSOR = "kafka-publisher";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final KafkaPublishingProperties properties;
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastErrorAt = new AtomicReference<>();

    public PublisherStatus(JdbcTemplate jdbc, ObjectMapper json, KafkaPublishingProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        Gauge.builder("ledger.publisher.lag", this, PublisherStatus::lag)
                .description("Events in the store not yet acknowledged by Kafka").baseUnit("events").register(meters);
    }

    void failed(Exception failure) {
        lastError.set(failure.toString());
        lastErrorAt.set(Instant.now());
    }

    void published() {
        lastError.set(null);
    }

    /** Events in the store beyond the publisher's token (gaps below it are few and short-lived, and not counted). */
    public long lag() {
        Long behind = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE global_index > ?", Long.class, position());
        return behind == null ? 0 : behind;
    }

    long position() {
        List<byte[]> tokens = jdbc.queryForList("SELECT token FROM token_entry WHERE processor_name = ?", byte[].class, PROCESSOR);
        long position = -1;
        for (byte[] token : tokens) {
            if (token == null) {
                continue;
            }
            try {
                JsonNode node = json.readTree(token);
                position = Math.max(position, node.path("index").asLong(-1));
            } catch (java.io.IOException e) {
                // an unreadable token: report no progress rather than fail the health check
            }
        }
        return position;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("topic", properties.topic());
        if (!properties.enabled()) {
            return health.withDetail("state", "DISABLED").withDetail("lag", lag())
                    .withDetail("hint", "set LEDGER_KAFKA_BOOTSTRAP_SERVERS to publish; everything from the first event will be").build();
        }
        String error = lastError.get();
        return health.withDetail("state", error == null ? "PUBLISHING" : "RETRYING")
                .withDetail("lag", lag())
                .withDetail("lastError", error == null ? "none" : error)
                .withDetail("lastErrorAt", error == null ? "none" : String.valueOf(lastErrorAt.get()))
                .build();
    }
}
