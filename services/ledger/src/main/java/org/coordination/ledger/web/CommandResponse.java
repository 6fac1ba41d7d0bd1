package org.coordination.ledger.web;

import java.util.List;

/**
 * The body of an accepted command (api.md): the target, its version after the command, the events
 * written, and the position (global index) of the last of them, or of the aggregate's last event if the
 * command wrote none, which a read can wait for with {@code ?minPosition=}.
 */
public record CommandResponse(String aggregateType, String aggregateId, long version, long position, List<EventRef> events) {

    public record EventRef(String eventId, String type, long sequence) {
    }
}
