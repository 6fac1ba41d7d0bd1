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
    void recentEventsKeepTheirGaps() {
        GapAwareTrackingToken token = EngineTokens.advance(GapAwareTrackingToken.newInstance(10, new TreeSet<>()), 14, true);
        assertThat(token.getGaps()).containsExactly(11L, 12L, 13L);
        assertThat(EngineTokens.advance(token, 12, true).getGaps()).containsExactly(11L, 13L);
    }
}
