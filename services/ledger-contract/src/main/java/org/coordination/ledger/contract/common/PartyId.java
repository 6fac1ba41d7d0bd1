package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A consenting party (host state, territorial authority, neighbour): ISR, PSE, EGY. Serialized as a bare string. */
public record PartyId(@JsonValue String value) {

    @JsonCreator
    public PartyId {
        Identifiers.code(value, "party id");
    }

    public static PartyId of(String value) {
        return new PartyId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
