package org.coordination.ledger.commandbus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a handled command wrote: the events, in order, as the response lists them. Axon stamps and
 * intercepts events when the unit of work prepares to commit, after the handler has returned; the
 * outcome is therefore filled in then, and read once the command has completed.
 */
public final class CommandOutcome {

    /** An event the command wrote. */
    public record RecordedEvent(String eventId, String type, long sequence, String aggregateId) {
    }

    private final List<RecordedEvent> events = new ArrayList<>();

    void record(RecordedEvent event) {
        events.add(event);
    }

    public List<RecordedEvent> events() {
        return Collections.unmodifiableList(events);
    }
}
