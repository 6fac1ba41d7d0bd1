package org.coordination.ledger.readmodel;

/** Which document of which read model an event updates. */
public record ViewKey(String model, String id) {
}
