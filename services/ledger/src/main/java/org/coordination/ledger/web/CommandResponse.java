package org.coordination.ledger.web;

import java.util.List;

/** The body of an accepted command (api.md): the target, its version after the command, the events written. */
public record CommandResponse(String aggregateType, String aggregateId, long version, List<EventRef> events) {

    public record EventRef(String eventId, String type, long sequence) {
    }
}
