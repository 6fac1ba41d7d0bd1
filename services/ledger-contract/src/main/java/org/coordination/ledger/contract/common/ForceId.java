package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A multinational force being raised (isf). Serialized as a bare string. */
public record ForceId(@JsonValue String value) {

    @JsonCreator
    public ForceId {
        Identifiers.slug(value, "force id");
    }

    public static ForceId of(String value) {
        return new ForceId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
