package org.coordination.ledger.readmodel.rebuild;

import java.time.Instant;
import java.util.List;

/** A rebuild's progress, as the API shows it (the same JSON whichever instance answers). */
public record Progress(String replayId, List<String> projections, String state, long eventsDone, long eventsTotal,
                       long eventsPerSecond, Long secondsLeft, Instant startedAt, Instant finishedAt, String error) {
}
