package org.coordination.ledger.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.eventstore.DeadLetterTable;
import org.coordination.ledger.readmodel.StoredTokens;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far each streaming processor is behind the store's head, read from the shared token table: every
 * instance reports the same figures whichever instance owns a segment, so a dashboard takes the maximum
 * across instances. Lag in events is the head's global index minus the slowest segment's position; lag in
 * time is the age of the oldest event that segment has not handled yet (zero when it is at the head), so an
 * idle processor at the head is not reported as behind, as a latency taken from the last handled event would.
 *
 * <p>A scrape asks for each figure separately; one reading of the tokens (and of the dead letters' counts)
 * serves all of them for a second.
 */
@Component
class ProcessorProgress {

    /** One processor's lag: events behind the head, and the age of the oldest event not yet handled. */
    record Lag(long events, Duration time) {
    }

    private record Snapshot(Instant at, Map<String, Lag> lags, Map<String, Long> deadLetters) {
    }

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final StoredTokens tokens;
    private final Clock clock;
    private final DeadLetterTable deadLetterTable;
    private volatile Snapshot snapshot;

    ProcessorProgress(JdbcTemplate jdbc, StoredTokens tokens, Clock clock, DeadLetterTable deadLetterTable) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.clock = clock;
        this.deadLetterTable = deadLetterTable;
    }

    /** The processor's lag, or {@code null} if it has no readable token yet. */
    Lag lag(String processor) {
        return current().lags().get(processor);
    }

    /** Events parked in the processor's dead-letter queue (the audit API retries or evicts them). */
    long deadLetters(String processor) {
        return current().deadLetters().getOrDefault(processor, 0L);
    }

    private Snapshot current() {
        Instant now = clock.instant();
        Snapshot last = snapshot;
        if (last == null || Duration.between(last.at(), now).compareTo(FRESH_FOR) >= 0) {
            Map<String, Long> deadLetters = new HashMap<>();
            jdbc.query("SELECT processing_group, count(*) FROM " + deadLetterTable.name() + " GROUP BY processing_group",
                    row -> { deadLetters.put(row.getString(1), row.getLong(2)); });
            last = new Snapshot(now, read(now), deadLetters);
            snapshot = last;
        }
        return last;
    }

    private Map<String, Lag> read(Instant now) {
        StoredTokens.Progress progress = tokens.progress();
        Map<String, Lag> lags = new HashMap<>();
        progress.positions().forEach((name, position) -> {
            long events = progress.behind(name);
            lags.put(name, new Lag(events, events == 0 ? Duration.ZERO : ageOfEventAfter(position, now)));
        });
        return lags;
    }

    private Duration ageOfEventAfter(long position, Instant now) {
        List<String> stamps = jdbc.queryForList(
                "SELECT time_stamp FROM domain_event_entry WHERE global_index > ? ORDER BY global_index LIMIT 1", String.class, position);
        if (stamps.isEmpty()) {
            return Duration.ZERO;
        }
        try {
            Duration age = Duration.between(Instant.parse(stamps.get(0)), now);
            return age.isNegative() ? Duration.ZERO : age;
        } catch (DateTimeParseException unreadable) {
            return Duration.ZERO;
        }
    }

}
