package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A state, as an ISO 3166-1 alpha-3 code. Serialized as a bare string. */
public record Nation(@JsonValue String value) {

    @JsonCreator
    public Nation {
        Identifiers.nation(value, "nation");
    }

    public static Nation of(String value) {
        return new Nation(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
