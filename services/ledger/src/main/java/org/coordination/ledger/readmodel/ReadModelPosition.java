package org.coordination.ledger.readmodel;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.stereotype.Component;

/**
 * Whether the read models (documents, alerts, tenures: one processor) have folded the event at a given
 * global position, as the processor's stored token says: its position is at or past it, and it is not
 * one of the token's gaps (an event committed late that the processor has yet to see). Gaps below the
 * position do not count: they may belong to transactions that never commit. The stored token, not the
 * local processor's memory, so any instance answers for whichever instance runs the processor.
 */
@Component
public class ReadModelPosition {

    static final String PROCESSOR = "read-models";

    private final StoredTokens tokens;

    public ReadModelPosition(StoredTokens tokens) {
        this.tokens = tokens;
    }

    public boolean reached(long position) {
        return tokens.of(PROCESSOR).stream().anyMatch(token -> covers(token, position));
    }

    /**
     * The position the read models have folded every event up to, as their stored tokens say (the slowest
     * segment's), or -1 before the first: what the console's live stream tells a page to refresh at.
     */
    public long current() {
        return tokens.of(PROCESSOR).stream().mapToLong(token -> token.position().orElse(-1)).min().orElse(-1);
    }

    static boolean covers(TrackingToken token, long position) {
        GapAwareTrackingToken tracked = WrappedToken.unwrap(token, GapAwareTrackingToken.class).orElse(null);
        if (tracked != null) {
            return tracked.getIndex() >= position && !tracked.getGaps().contains(position);
        }
        return token.position().orElse(-1) >= position;
    }
}
