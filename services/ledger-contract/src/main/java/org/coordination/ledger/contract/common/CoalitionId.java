package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A humanitarian coalition coordinated by a center. Serialized as a bare string. */
public record CoalitionId(@JsonValue String value) {

    @JsonCreator
    public CoalitionId {
        Identifiers.slug(value, "coalition id");
    }

    public static CoalitionId of(String value) {
        return new CoalitionId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
