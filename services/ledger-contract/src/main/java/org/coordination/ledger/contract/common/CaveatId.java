package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A national caveat declared on a pledge. Serialized as a bare string. */
public record CaveatId(@JsonValue String value) {

    @JsonCreator
    public CaveatId {
        Identifiers.slug(value, "caveat id");
    }

    public static CaveatId of(String value) {
        return new CaveatId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
