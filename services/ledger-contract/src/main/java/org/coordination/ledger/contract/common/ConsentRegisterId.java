package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The consent register of one party (isf-isr). Serialized as a bare string. */
public record ConsentRegisterId(@JsonValue String value) {

    @JsonCreator
    public ConsentRegisterId {
        Identifiers.slug(value, "consent register id");
    }

    public static ConsentRegisterId of(String value) {
        return new ConsentRegisterId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
