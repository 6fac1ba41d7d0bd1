package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A post inside a command structure (civilian-lead). Serialized as a bare string. */
public record PostId(@JsonValue String value) {

    @JsonCreator
    public PostId {
        Identifiers.slug(value, "post id");
    }

    public static PostId of(String value) {
        return new PostId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
