package org.coordination.ledger.subscriber;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.stereotype.Component;

/**
 * The records the subscriber cannot apply and keeps retrying ({@link RecordRetry}): while one fails, nothing after it on
 * its partition is applied, so an operator must see it. Each failed attempt is logged at ERROR with the record's
 * position and CloudEvents id; health ({@code ledgerEvents}) is DOWN and names the record while it is held; the gauge
 * {@code subscriber.records.held} counts the partitions held and the counter {@code subscriber.records.failures} every
 * failed attempt. A partition is released once a record at or after the held one is applied.
 */
@Component("ledgerEvents")
class HeldRecords implements RetryListener, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(HeldRecords.class);

    /** The record a partition is held at, how many times it failed, and the last failure. */
    record Held(String topic, int partition, long offset, String eventId, String type, int attempts, String error) {
    }

    private final Map<TopicPartition, Held> held = new ConcurrentHashMap<>();
    private final Counter failures;

    HeldRecords(MeterRegistry meters) {
        Gauge.builder("subscriber.records.held", held, Map::size)
                .description("Partitions whose next record the subscriber cannot apply and keeps retrying").register(meters);
        this.failures = Counter.builder("subscriber.records.failures").description("Failed attempts to apply a record").register(meters);
    }

    /** Called by the error handler after each failed attempt, before its back-off. */
    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
        Throwable cause = rootCause(failure);
        Held now = new Held(record.topic(), record.partition(), record.offset(), header(record, "ce_id"), header(record, "ce_type"), attempt,
                cause.toString());
        held.put(new TopicPartition(record.topic(), record.partition()), now);
        failures.increment();
        String message = "Cannot apply {}-{}@{} (ce_id {}, ce_type {}), attempt {}: {}. Retrying the same record after a back-off; "
                + "nothing after it on its partition is applied until it is (fix the cause or upgrade the subscriber)";
        if (attempt == 1) {
            log.error(message, now.topic(), now.partition(), now.offset(), now.eventId(), now.type(), attempt, now.error(), failure);
        } else {
            log.error(message, now.topic(), now.partition(), now.offset(), now.eventId(), now.type(), attempt, now.error());
        }
    }

    /** A whole poll failed without naming its record (the listener names it when it can): held at the poll's first record. */
    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int attempt) {
        records.partitions().forEach(partition -> failedDelivery(records.records(partition).get(0), failure, attempt));
    }

    /** {@code record} was applied: its partition, if held at or before it, goes on. */
    void applied(ConsumerRecord<?, ?> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        Held at = held.get(partition);
        if (at != null && at.offset() <= record.offset() && held.remove(partition, at)) {
            log.info("Applied {}-{}@{} after {} failed attempt(s): the partition goes on", record.topic(), record.partition(),
                    record.offset(), at.attempts());
        }
    }

    void applied(List<? extends ConsumerRecord<?, ?>> records) {
        if (!held.isEmpty()) {
            records.forEach(this::applied);
        }
    }

    /** What is held now, by partition. */
    Map<TopicPartition, Held> held() {
        return Map.copyOf(held);
    }

    @Override
    public Health health() {
        if (held.isEmpty()) {
            return Health.up().withDetail("held", List.of()).build();
        }
        Map<String, Held> byPartition = new LinkedHashMap<>();
        held.forEach((partition, record) -> byPartition.put(partition.toString(), record));
        return Health.down().withDetail("held", byPartition)
                .withDetail("hint", "these records fail and are retried without end; nothing after one on its partition is applied").build();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
