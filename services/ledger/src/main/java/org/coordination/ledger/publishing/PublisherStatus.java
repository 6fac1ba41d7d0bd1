package org.coordination.ledger.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.coordination.ledger.eventstore.NodeId;
import org.coordination.ledger.readmodel.StoredTokens;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far the Kafka publisher is behind the store: a metric ({@code ledger.publisher.lag}) and health
 * details. A broker outage never makes the service unhealthy: the store is the outbox, and the
 * backlog is published once the broker is back.
 * <p>
 * With several instances one of them publishes (it holds the publisher's token); the others are on
 * {@code STANDBY} and say who does. Each instance reports the last error of its own sends, so a
 * standby's report does not hide the publishing instance's trouble: ask that instance (or the metric).
 */
@Component("kafkaPublisher")
public class PublisherStatus implements HealthIndicator {

    static final String PROCESSOR = "kafka-publisher";

    private final JdbcTemplate jdbc;
    private final StoredTokens tokens;
    private final KafkaPublishingProperties properties;
    private final NodeId node;
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastErrorAt = new AtomicReference<>();
    /** The last failure was the events topic refused (EventsTopic): nothing is published until the configuration matches it. */
    private volatile boolean refused;

    public PublisherStatus(JdbcTemplate jdbc, StoredTokens tokens, KafkaPublishingProperties properties, NodeId node,
                           MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.properties = properties;
        this.node = node;
        Gauge.builder("ledger.publisher.lag", this, PublisherStatus::lag)
                .description("Events in the store not yet acknowledged by Kafka").baseUnit("events").register(meters);
    }

    void failed(Exception failure) {
        lastError.set(failure.toString());
        lastErrorAt.set(Instant.now());
        refused = failure instanceof EventsTopic.PartitionsDiffer;
    }

    void published() {
        lastError.set(null);
        refused = false;
    }

    /**
     * Events in the store beyond the publisher's token, by global index: the head's index minus the token's, as Kafka
     * counts a consumer's lag by offsets (and as {@code ledger.processor.lag.events} does once a processor has a
     * token). Before the first event is published the count runs from the first event stored. An index an append took and then rolled
     * back counts too, so the figure can exceed the events still to send; 0 means the publisher has passed the head (an
     * event committed late into one of its token's gaps may be on its way still). Two index lookups whatever the
     * backlog: counting the rows instead read every one of them on each health check and scrape, about 1.7 s of the
     * database's CPU at a million events with publishing off or far behind.
     */
    public long lag() {
        Long behind = jdbc.queryForObject(
                "SELECT coalesce(max(global_index) - greatest(?, min(global_index) - 1), 0) FROM domain_event_entry", Long.class, position());
        return behind == null ? 0 : Math.max(0, behind);
    }

    /** The publisher's position, from its stored token (a ReplayToken while it catches up a history it had not seen). */
    long position() {
        return tokens.of(PROCESSOR).stream().mapToLong(token -> token.position().orElse(-1)).max().orElse(-1);
    }

    /** The instance holding the publisher's token, if any does (a dead one's claim lasts until the claim timeout). */
    Optional<String> owner() {
        return jdbc.queryForList("SELECT owner FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL", String.class, PROCESSOR)
                .stream().findFirst();
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("topic", properties.topic());
        if (!properties.enabled()) {
            return health.withDetail("state", "DISABLED").withDetail("lag", lag())
                    .withDetail("hint", "set LEDGER_KAFKA_BOOTSTRAP_SERVERS to publish; everything from the first event will be").build();
        }
        Optional<String> owner = owner();
        health.withDetail("instance", node.value()).withDetail("publishingInstance", owner.orElse("none"));
        String error = lastError.get();
        if (owner.isPresent() && !node.owns(owner.get())) {
            return health.withDetail("state", "STANDBY").withDetail("lag", lag()).build();
        }
        // REFUSED whether or not the processor holds its claim between its retries (it releases it after a failed batch)
        String state = refused ? "REFUSED" : owner.isEmpty() ? "UNCLAIMED" : error == null ? "PUBLISHING" : "RETRYING";
        return health.withDetail("state", state)
                .withDetail("lag", lag())
                .withDetail("lastError", error == null ? "none" : error)
                .withDetail("lastErrorAt", error == null ? "none" : String.valueOf(lastErrorAt.get()))
                .build();
    }
}
