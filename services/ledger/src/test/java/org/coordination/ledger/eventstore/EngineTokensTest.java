package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;

/** A stretch of events stored long ago moves a token as the engine moves it event by event. */
class EngineTokensTest {

    @Test
    void aStretchOfOldEventsLeavesTheTokenTheEngineWouldReachEventByEvent() {
        Random random = new Random(13);
        for (int round = 0; round < 500; round++) {
            long index = 50 + random.nextInt(1_000);
            TreeSet<Long> gaps = new TreeSet<>();
            for (int g = random.nextInt(20); g > 0; g--) {
                gaps.add(index - 1 - random.nextInt(40));
            }
            GapAwareTrackingToken from = GapAwareTrackingToken.newInstance(index, gaps);
            // the engine's order: the gaps filled meanwhile (some of them), then the events after the index, with holes
            List<Long> rows = new ArrayList<>(gaps.stream().filter(gap -> random.nextBoolean()).toList());
            long next = index;
            for (int e = 1 + random.nextInt(300); e > 0; e--) {
                next += 1 + (random.nextInt(10) == 0 ? random.nextInt(5) : 0);
                rows.add(next);
            }
            GapAwareTrackingToken eventByEvent = from;
            for (long row : rows) {
                eventByEvent = EngineTokens.advance(eventByEvent, row, false);
            }
            assertThat(EngineTokens.afterOldEvents(next)).as("round %d from %s over %s", round, from, rows).isEqualTo(eventByEvent);
            assertThat(EngineTokens.afterOldEvents(next).getGaps()).isEqualTo(eventByEvent.getGaps());
        }
    }

    @Test
    void aRunOfRecentEventsWithoutAMissingIndexLeavesTheTokenTheEngineWouldReachEventByEvent() {
        Random random = new Random(17);
        for (int round = 0; round < 500; round++) {
            // past a million, so that gaps more than the engine's offset below the run's end are given up on the way
            long index = EngineTokens.MAX_GAP_OFFSET + 500 + random.nextInt(3_000);
            TreeSet<Long> gaps = new TreeSet<>();
            for (int g = random.nextInt(20); g > 0; g--) {
                gaps.add(random.nextBoolean() ? index - 1 - random.nextInt(40) : index - EngineTokens.MAX_GAP_OFFSET + 100 - random.nextInt(200));
            }
            GapAwareTrackingToken from = GapAwareTrackingToken.newInstance(index, gaps);
            GapAwareTrackingToken eventByEvent = from;
            List<Long> filled = new ArrayList<>(gaps.stream().filter(gap -> random.nextBoolean()).toList());
            for (long gap : filled) {
                eventByEvent = EngineTokens.advance(eventByEvent, gap, true);
            }
            long last = index + random.nextInt(300); // no event past the index at all, now and then
            for (long next = index + 1; next <= last; next++) {
                eventByEvent = EngineTokens.advance(eventByEvent, next, true);
            }
            GapAwareTrackingToken run = EngineTokens.afterRecentRun(from, filled, last);
            assertThat(run).as("round %d from %s, %s filled, up to %d", round, from, filled, last).isEqualTo(eventByEvent);
            assertThat(run.getGaps()).isEqualTo(eventByEvent.getGaps());
            // and on from there, as the next range of a skip goes on from the last one's token
            long further = last + 1 + random.nextInt(150);
            for (long next = last + 1; next <= further; next++) {
                eventByEvent = EngineTokens.advance(eventByEvent, next, true);
            }
            assertThat(EngineTokens.afterRecentRun(run, List.of(), further).getGaps()).isEqualTo(eventByEvent.getGaps());
        }
    }

    @Test
    void recentEventsKeepTheirGaps() {
        GapAwareTrackingToken token = EngineTokens.advance(GapAwareTrackingToken.newInstance(10, new TreeSet<>()), 14, true);
        assertThat(token.getGaps()).containsExactly(11L, 12L, 13L);
        assertThat(EngineTokens.advance(token, 12, true).getGaps()).containsExactly(11L, 13L);
    }
}
