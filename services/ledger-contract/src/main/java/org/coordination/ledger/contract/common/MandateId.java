package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A mandate: the legal authorization a force rests on (gaza-isf-mandate). Serialized as a bare string. */
public record MandateId(@JsonValue String value) {

    @JsonCreator
    public MandateId {
        Identifiers.slug(value, "mandate id");
    }

    public static MandateId of(String value) {
        return new MandateId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
