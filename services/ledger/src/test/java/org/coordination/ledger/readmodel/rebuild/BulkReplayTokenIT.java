package org.coordination.ledger.readmodel.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.coordination.ledger.eventstore.EngineTokens;
import org.coordination.ledger.readmodel.EventHistory;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bulk replay hands the shadow processor a token it computed itself from the rows it read: it must
 * be the token Axon's engine computes for a processor reading the same rows, gaps and all, or the
 * processor would skip or repeat events after the hand-over. Checked against the engine itself, on
 * a store with gaps (sequence values taken and never used), an event committed late into a gap, and
 * gaps old enough to be given up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BulkReplayTokenIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStorageEngine engine;
    @Autowired
    EventHistory history;

    /** What the engine gives a processor from {@code from}: the events' ids and the token after the last. */
    record Read(List<String> eventIds, TrackingToken token) {
    }

    Read engine(TrackingToken from) {
        List<String> ids = new ArrayList<>();
        TrackingToken token = from;
        try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(from, false)) {
            for (TrackedEventMessage<?> event : events.toList()) {
                ids.add(event.getIdentifier());
                token = event.trackingToken();
            }
        }
        return new Read(ids, token);
    }

    /** The same with the bulk replay's reading and token, in chunks of five indexes, two read ahead. */
    Read bulk(GapAwareTrackingToken from, Instant now) {
        List<String> ids = new ArrayList<>();
        GapAwareTrackingToken token = from;
        Instant gapsSince = now.minus(EngineTokens.GAP_TIMEOUT);
        try (ReadAhead reads = new ReadAhead(ReadAhead.of(history), from, 5, BulkReplay.READS_AHEAD)) {
            for (List<EventHistory.Stored> chunk; (chunk = reads.next()) != null; ) {
                for (EventHistory.Stored event : chunk) {
                    ids.add(event.envelope().eventId());
                    token = BulkReplay.advance(token, event, gapsSince);
                }
            }
        }
        return new Read(ids, token);
    }

    /** Takes sequence values and never uses them: gaps, as a rolled-back append leaves. */
    List<Long> skipSequenceValues(int count) {
        List<Long> skipped = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            skipped.add(jdbc.queryForObject("SELECT nextval('domain_event_entry_seq')", Long.class));
        }
        return skipped;
    }

    void someCommands(LedgerClient ledger, int count) {
        for (int i = 0; i < count; i++) {
            ledger.command("coordinator", "attach-staff", "{\"structureId\":\"cmcc\",\"nation\":\"FRA\",\"personnel\":1}");
        }
    }

    @Test
    void theBulkReplaysTokenIsTheEnginesForTheSameRows() throws Exception {
        Walkthrough.run(port);
        LedgerClient ledger = new LedgerClient(port);
        someCommands(ledger, 7);
        List<Long> skipped = new ArrayList<>(skipSequenceValues(3));
        someCommands(ledger, 4);
        skipped.addAll(skipSequenceValues(1));
        someCommands(ledger, 6);

        Read byEngine = engine(null);
        Read byBulk = bulk(null, Instant.now());
        assertThat(byBulk.eventIds()).isEqualTo(byEngine.eventIds()).hasSizeGreaterThan(30);
        assertThat(byBulk.token()).isEqualTo(byEngine.token());
        // the gaps this test made are kept; the policies' own retries may leave more (a rolled-back append)
        assertThat(((GapAwareTrackingToken) byBulk.token()).getGaps()).as("recent gaps are kept").containsAll(skipped);

        // an event committed late into one of the gaps: both read it first, then what came after
        long gap = skipped.get(0);
        jdbc.update("INSERT INTO domain_event_entry (global_index, event_identifier, type, aggregate_identifier, sequence_number, "
                + "time_stamp, payload_type, payload_revision, payload, meta_data) SELECT ?, 'late-event', type, 'late', 0, time_stamp, "
                + "payload_type, payload_revision, payload, meta_data FROM domain_event_entry WHERE sequence_number = 0 "
                + "ORDER BY global_index LIMIT 1", gap);
        someCommands(ledger, 3);
        Read laterByEngine = engine(byEngine.token());
        Read laterByBulk = bulk((GapAwareTrackingToken) byBulk.token(), Instant.now());
        assertThat(laterByBulk.eventIds()).startsWith("late-event").hasSize(4).isEqualTo(laterByEngine.eventIds());
        assertThat(laterByBulk.token()).isEqualTo(laterByEngine.token());
        assertThat(((GapAwareTrackingToken) laterByBulk.token()).getGaps())
                .as("the filled gap is gone, the others kept").doesNotContain(gap).containsAll(skipped.subList(1, skipped.size()));

        // a minute and more later, gaps before events stored longer ago than the timeout are given up by both
        Instant later = Instant.now().plus(EngineTokens.GAP_TIMEOUT).plus(Duration.ofMinutes(1));
        Clock engineClock = GenericEventMessage.clock;
        GenericEventMessage.clock = Clock.fixed(later, java.time.ZoneOffset.UTC); // the engine's own notion of now
        try {
            Read oldByEngine = engine(null);
            Read oldByBulk = bulk(null, later);
            assertThat(oldByBulk.eventIds()).isEqualTo(oldByEngine.eventIds());
            assertThat(oldByBulk.token()).isEqualTo(oldByEngine.token());
            assertThat(((GapAwareTrackingToken) oldByBulk.token()).getGaps()).isEmpty();
        } finally {
            GenericEventMessage.clock = engineClock;
        }
    }
}
