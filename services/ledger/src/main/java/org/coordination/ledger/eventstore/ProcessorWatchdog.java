package org.coordination.ledger.eventstore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Restarts a tracking processor that runs on this instance but has stopped claiming its segment. Axon 4's
 * tracking processor, stopped and started again (as the catch-up in bulk and the skip-ahead do), can in
 * rare cases come back with its launcher sleeping forever and no worker (AxonFramework issue #2848): the
 * token stays unclaimed and the processor's read models or policies stand still with nothing logged.
 * Seen once here, in a full benchmark run: the read models stopped after a catch-up in bulk, and a
 * rebuild waited for them indefinitely (docs/benchmarks.md). Once every {@code poll}, a running processor
 * with no segment of its own, whose token nobody else holds either, is stalled from that look on; stalled
 * for {@code stallAfter} (longer than Axon's longest wait before it claims again after a failure, 60 s),
 * it is stopped and started again, with a warning.
 */
@Component
public class ProcessorWatchdog {

    private static final Logger log = LoggerFactory.getLogger(ProcessorWatchdog.class);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration stallAfter;
    private final NodeId node;
    private final PeriodicLook looks;
    /** Since when each processor has been seen running without a segment, nobody else holding it. */
    private final Map<String, Instant> idleSince = new HashMap<>();

    ProcessorWatchdog(EventProcessingConfiguration processing, JdbcTemplate jdbc, Clock clock,
                      @Value("${ledger.processors.watchdog-poll:5s}") Duration poll,
                      @Value("${ledger.processors.stall-after:90s}") Duration stallAfter, ApplicationContext context, NodeId node) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.clock = clock;
        this.stallAfter = stallAfter;
        this.node = node;
        this.looks = new PeriodicLook("ledger-processor-watchdog", this::tick, poll, Duration.ofSeconds(30)).runningWith(context);
    }

    /** One look at every tracking processor; never throws (the next look tries again). */
    synchronized void tick() {
        for (EventProcessor processor : processing.eventProcessors().values()) {
            if (looks.closing()) {
                return;
            }
            try {
                if (processor instanceof TrackingEventProcessor tracking && stalled(tracking)) {
                    log.warn("Processor {} runs here but has claimed no segment for {} and nobody else holds its token: "
                            + "starting it again", tracking.getName(), stallAfter);
                    tracking.shutDown();
                    ProcessorRestart.start(tracking);
                    idleSince.remove(tracking.getName());
                }
            } catch (RuntimeException e) {
                log.warn("Looking at processor {} failed; trying again later", processor.getName(), e);
            }
        }
    }

    /** Whether the processor has been running here without a segment, unheld elsewhere, for {@code stallAfter}. */
    boolean stalled(TrackingEventProcessor processor) {
        String name = processor.getName();
        if (!processor.isRunning() || !processor.processingStatus().isEmpty() || heldElsewhere(name)) {
            idleSince.remove(name);
            return false;
        }
        Instant now = clock.instant();
        Instant since = idleSince.computeIfAbsent(name, n -> now);
        return !Duration.between(since, now).minus(stallAfter).isNegative();
    }

    /** Whether another instance holds a segment of the processor (a token with an owner other than this one). */
    boolean heldElsewhere(String processorName) {
        List<String> owners = jdbc.queryForList("SELECT owner FROM token_entry WHERE processor_name = ? AND owner IS NOT NULL",
                String.class, processorName);
        return owners.stream().anyMatch(owner -> !node.owns(owner));
    }
}
