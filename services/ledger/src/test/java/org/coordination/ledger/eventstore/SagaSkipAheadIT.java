package org.coordination.ledger.eventstore;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.coordination.ledger.testsupport.LedgerClient;
import org.coordination.ledger.testsupport.Walkthrough;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A policy far behind skips the events its saga does not handle, up to the first one it does, which it
 * then handles as ever: the consent policy, stopped while staff came and went (300 events it does not
 * handle), then an objection to a deployed contingent, raises its alert. The skip is asked for here with
 * the processor stopped: a running one, left alone, passes 300 events it ignores before the once-a-second
 * look would see it behind. The stretch is read in windows of 64 index values, so that it takes several,
 * the last holding the event the policy handles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ledger.processors.skip-ahead-lag=50", "ledger.processors.skip-ahead-window=64"})
@ExtendWith(OutputCaptureExtension.class)
class SagaSkipAheadIT {

    static final String CONSENT = PolicyResumePoints.PROCESSOR; // the consent policy runs in the policies' one processor

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    SagaSkipAhead skipAhead;
    @Autowired
    TokenStore tokenStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ApplicationContext context;

    @Test
    void aPolicyFarBehindSkipsWhatItDoesNotHandleAndHandlesTheRest(CapturedOutput output) throws Exception {
        LedgerClient ledger = new LedgerClient(port);
        Walkthrough.run(port);
        TrackingEventProcessor consent = processing.eventProcessor(CONSENT, TrackingEventProcessor.class).orElseThrow();
        // stopped at the head: stopped while still behind on the walkthrough, the policy would have an event it handles
        // within the lag, nothing to skip, and the skip would leave it stopped (CI saw that once)
        long walked = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        await("the policy caught up with the walkthrough").atMost(Duration.ofSeconds(30)).pollInterval(25, MILLISECONDS)
                .until(() -> position() >= walked);
        consent.shutDown();
        long stopped = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        Walkthrough.staffComingAndGoing(ledger, 150);
        ledger.command("party-isr", "object-to-contributor", "{\"registerId\":\"isf-isr\",\"nation\":\"IDN\",\"reason\":\"Incident\"}");
        long objection = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry WHERE payload_type = ?", Long.class,
                ObjectionRaised.class.getName());
        assertThat(ledger.get("viewer", "/api/v1/alerts").json()).as("no alert while the policy stands still").isEmpty();

        // range by range, the token is the one the engine reaches reading every row: up to the event before the objection,
        // with the gaps that recent events keep; and up to the head when no event it handles comes before it
        Set<String> types = skipAhead.handledTypes(consent.eventHandlerInvoker()).orElseThrow();
        GapAwareTrackingToken from = (GapAwareTrackingToken) storedToken();
        Instant now = Instant.now();
        assertThat(stored(at(now).passUnhandled(from, skipAhead.head(), types).token()))
                .isEqualTo(stored(engineReading(from, skipAhead.head(), types, now)));
        assertThat(stored(at(now).passUnhandled(from, objection - 1, types).token()))
                .isEqualTo(stored(engineReading(from, objection - 1, types, now)));

        skipAhead.skipAhead(consent, types, storedToken(), skipAhead.head());
        assertThat(consent.isRunning()).as("started again").isTrue();
        ledger.await("viewer", "/api/v1/alerts", alerts -> alerts.size() == 1); // IDN is deployed: an alert, not a block
        // the events are recent: with no index missing between them (appends that rolled back would leave one) there is no
        // gap to keep, and they are passed by aggregate queries too
        assertThat(output.getOut()).containsPattern(CONSENT + ": skipped ahead from global index \\d+ to " + (objection - 1)
                + " over events its saga does not handle \\(" + (holeAfter(from.getIndex(), objection - 1) ? "row by row" : "in aggregate queries") + "\\)");
        await("the policy passed the objection").atMost(Duration.ofSeconds(30)).pollInterval(25, MILLISECONDS)
                .until(() -> position() >= objection);
        assertThat(objection - stopped).isGreaterThan(300);

        // again, seen from ten minutes later: every event of the stretch is past the gap timeout, so the
        // stretch is passed by aggregate queries, to the same place the engine would have reached
        consent.shutDown();
        Walkthrough.staffComingAndGoing(ledger, 150);
        ledger.command("liaison-idn", "withdraw-contribution", "{\"contributionId\":\"isf-idn\",\"reason\":\"Recalled\"}");
        long withdrawal = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry WHERE payload_type = ?", Long.class,
                ContributionWithdrawn.class.getName());
        SagaSkipAhead later = new SagaSkipAhead(processing, tokenStore, transactions, jdbc,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), 50, 64, Duration.ofSeconds(1), context);
        GapAwareTrackingToken before = (GapAwareTrackingToken) storedToken();
        Instant tenMinutesOn = Instant.now().plus(Duration.ofMinutes(10));
        assertThat(stored(at(tenMinutesOn).passUnhandled(before, later.head(), types).token()))
                .isEqualTo(stored(engineReading(before, later.head(), types, tenMinutesOn)))
                .isEqualTo(stored(EngineTokens.afterOldEvents(withdrawal - 1)));
        later.skipAhead(consent, later.handledTypes(consent.eventHandlerInvoker()).orElseThrow(), storedToken(), later.head());
        assertThat(output.getOut()).containsPattern(CONSENT + ": skipped ahead from global index \\d+ to " + (withdrawal - 1)
                + " over events its saga does not handle \\(in aggregate queries\\)");
        await("the policy handled the withdrawal").atMost(Duration.ofSeconds(30)).pollInterval(25, MILLISECONDS)
                .until(() -> position() >= withdrawal);

        // tokens with gaps (rows committed late into them, as if), a handled event in a gap, and a hole in the global
        // index longer than several ranges (indexes taken by appends that rolled back): the ranges reach the engine's token
        long beforeHole = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        jdbc.queryForList("SELECT nextval('domain_event_entry_seq') FROM generate_series(1, 200)", Long.class);
        Walkthrough.staffComingAndGoing(ledger, 20);
        long head = skipAhead.head();
        assertThat(head).isGreaterThan(beforeHole + 200);
        Instant nowAgain = Instant.now();
        for (GapAwareTrackingToken token : List.of(
                gapAware(objection + 5, objection - 2, objection - 1), // old rows in its gaps, the withdrawal ahead
                gapAware(objection + 5, objection - 1, objection),     // the objection, handled, in a gap
                gapAware(withdrawal, withdrawal - 1),                  // through the hole to the head
                gapAware(beforeHole, withdrawal - 1),                  // its first range empty but for a gap's row
                gapAware(objection - 1, objection - 4, objection - 3))) { // nothing past it before the objection but a gap's row
            assertThat(stored(at(nowAgain).passUnhandled(token, head, types).token())).as("now, from %s", token)
                    .isEqualTo(stored(engineReading(token, head, types, nowAgain)));
            assertThat(stored(at(tenMinutesOn).passUnhandled(token, head, types).token())).as("ten minutes on, from %s", token)
                    .isEqualTo(stored(engineReading(token, head, types, tenMinutesOn)));
        }
        assertThat(at(nowAgain).passUnhandled(gapAware(withdrawal, withdrawal - 1), head, types).rowByRow())
                .as("recent events with a hole among them are read row by row: the hole's indexes are gaps to keep").isTrue();
        assertThat(at(nowAgain).passUnhandled(gapAware(objection + 5, objection - 2, objection - 1), head, types).rowByRow())
                .as("recent events without a hole, some of the token's gaps filled, are passed by aggregate queries")
                .isEqualTo(holeAfter(objection + 5, withdrawal - 1));
    }

    /** The skip as seen at {@code now}, so that the reference judges each row's age at the same instant (it never looks by itself: built after the start). */
    SagaSkipAhead at(Instant now) {
        return new SagaSkipAhead(processing, tokenStore, transactions, jdbc, Clock.fixed(now, ZoneOffset.UTC), 50, 64, Duration.ofSeconds(1), context);
    }

    /**
     * A token as the token store keeps it: its index and every gap. Axon's own equality leaves out the gaps below the
     * point up to which a token gave gaps up in memory, which a stored token no longer knows.
     */
    static String stored(GapAwareTrackingToken token) {
        return token.getIndex() + " " + token.getGaps();
    }

    static GapAwareTrackingToken gapAware(long index, Long... gaps) {
        return GapAwareTrackingToken.newInstance(index, new TreeSet<>(List.of(gaps)));
    }

    /**
     * The token the engine reaches from {@code from} reading every row after it up to {@code head}, in order (its gaps
     * first), stopping before the first one of {@code types}: the reference for the skip's ranges.
     */
    GapAwareTrackingToken engineReading(GapAwareTrackingToken from, long head, Set<String> types, Instant now) {
        GapAwareTrackingToken[] token = {from};
        boolean[] stopped = {false};
        jdbc.query("SELECT global_index, payload_type, time_stamp FROM domain_event_entry "
                + "WHERE global_index = ANY (?) OR (global_index > ? AND global_index <= ?) ORDER BY global_index", row -> {
            if (stopped[0] || types.contains(row.getString(2))) {
                stopped[0] = true;
                return;
            }
            boolean recent = Instant.parse(row.getString(3)).isAfter(now.minus(EngineTokens.GAP_TIMEOUT));
            token[0] = EngineTokens.advance(token[0], row.getLong(1), recent);
        }, from.getGaps().toArray(Long[]::new), from.getIndex(), head);
        return token[0];
    }

    /** Whether an index between these two has no event: an append that took it rolled back. */
    boolean holeAfter(long index, long upTo) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE global_index > ? AND global_index <= ?", Long.class,
                index, upTo) != upTo - index;
    }

    TrackingToken storedToken() {
        return transactions.execute(tx -> {
            TrackingToken token = tokenStore.fetchToken(CONSENT, 0);
            tokenStore.releaseClaim(CONSENT, 0);
            return token;
        });
    }

    long position() {
        return jdbc.queryForObject("SELECT (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint FROM token_entry WHERE processor_name = ?",
                Long.class, CONSENT);
    }
}
