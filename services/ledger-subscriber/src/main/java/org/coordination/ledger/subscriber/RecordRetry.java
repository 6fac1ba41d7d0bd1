package org.coordination.ledger.subscriber;

import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What the listeners do with a record they cannot apply: retry that same record, with an exponential back-off capped
 * at {@code subscriber.retry.max-interval}, without end, and never skip it. Spring Kafka's default handler tries a record
 * ten times without a pause and then logs it, skips it and commits past it: an event of a newer revision, an unreadable
 * record, or PostgreSQL down for a minute would then be lost to the view for good, while docs/kafka.md says a subscriber
 * must stop and re-read rather than guess. Held here, the record is applied once its cause is fixed (the database back,
 * the subscriber upgraded); until then nothing after it on its partition is, and {@link HeldRecords} says so.
 *
 * <p>Boot's listener container factory takes this bean, so the checkpoint witness's listener holds its records too: a
 * checkpoint skipped would leave a gap every later one is refused for.
 */
@Configuration(proxyBeanMethods = false)
class RecordRetry {

    @Bean
    CommonErrorHandler recordRetryHandler(HeldRecords held, @Value("${subscriber.retry.initial-interval}") Duration initial,
                                          @Value("${subscriber.retry.max-interval}") Duration max) {
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
        backOff.setMaxInterval(max.toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        backOff.setMaxAttempts(Integer.MAX_VALUE);
        // the back-off never ends, so the recoverer is never called; should it be, it refuses, and the record is retried
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            throw new IllegalStateException("A record the subscriber cannot apply is never skipped: " + record.topic() + "-"
                    + record.partition() + "@" + record.offset(), failure);
        }, backOff);
        // every failure is retried: by default a few kinds (a ClassCastException, a conversion's) would be skipped at once
        handler.setClassifications(Map.of(), true);
        // HeldRecords logs each failed attempt with the record's id; the container's own report of it is left to DEBUG
        handler.setLogLevel(KafkaException.Level.DEBUG);
        handler.setRetryListeners(held);
        return handler;
    }
}
