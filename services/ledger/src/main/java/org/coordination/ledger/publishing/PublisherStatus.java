package org.coordination.ledger.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
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
    private final Serializer serializer;
    private final KafkaPublishingProperties properties;
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastErrorAt = new AtomicReference<>();

    public PublisherStatus(JdbcTemplate jdbc, Serializer serializer, KafkaPublishingProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.serializer = serializer;
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

    /**
     * The publisher's position as its stored token says, read with Axon's own serializer and token API:
     * while the publisher catches up a history it had not seen (enabled later, or reset), the token is a
     * {@code ReplayToken} wrapping the position, which a reader of the raw JSON would miss. The stored
     * token, not the local processor's memory, so that any instance reports the cluster's publisher.
     */
    long position() {
        long[] position = {-1};
        jdbc.query("SELECT token, token_type FROM token_entry WHERE processor_name = ?", row -> {
            byte[] token = row.getBytes(1);
            String type = row.getString(2);
            if (token == null || type == null) {
                return;
            }
            try {
                TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
                tracking.position().ifPresent(p -> position[0] = Math.max(position[0], p));
            } catch (RuntimeException unreadable) {
                // an unreadable token: report no progress rather than fail the health check
            }
        }, PROCESSOR);
        return position[0];
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
