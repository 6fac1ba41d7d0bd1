package org.coordination.ledger.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.coordination.ledger.provenance.Provenance;
import org.coordination.ledger.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Each command issued, counted and timed by name and outcome ({@code ledger.commands}), and logged once in one
 * line at INFO on the logger {@code ledger.commands} (set it to WARN to silence the lines and keep the metrics).
 * The outcome follows the answer: accepted (200), refused by a rule (422), conflict (409, 412: another writer
 * or a stale If-Match), invalid (other 4xx), unavailable (503), replayed (an Idempotency-Key seen before).
 */
@Component
class CommandMetrics {

    private static final Logger log = LoggerFactory.getLogger("ledger.commands");

    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    CommandMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    static String outcome(CommandService.Answer answer) {
        if (answer.replayed()) {
            return "replayed";
        }
        return switch (answer.status()) {
            case 200 -> "accepted";
            case 422 -> "refused";
            case 409, 412 -> "conflict";
            case 503 -> "unavailable";
            default -> answer.status() >= 400 && answer.status() < 500 ? "invalid" : "failed";
        };
    }

    void issued(CommandCatalog.Entry entry, String aggregateId, Actor actor, CommandService.Answer answer, long nanos) {
        String command = entry.name();
        String outcome = outcome(answer);
        timers.computeIfAbsent(command + '/' + outcome, key -> Timer.builder("ledger.commands")
                        .description("Commands issued, by name and outcome, from the request's arrival in the service to its answer")
                        .tag("command", command).tag("outcome", outcome)
                        .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (log.isInfoEnabled()) {
            String correlationId = MDC.get(Provenance.CORRELATION_ID);
            log.info("{} {}: {} {} by {} as {}, {}{} in {} ms{}", command, outcome, entry.aggregateType(), aggregateId, actor.name(),
                    actor.primaryRole(entry.roles()), answer.status(), answer.etag() == null ? "" : ", version " + answer.etag().replace("\"", ""),
                    nanos / 100_000 / 10.0, correlationId == null ? "" : ", correlation " + correlationId);
        }
    }
}
