package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A nationality-neutral requirement line of a force. Serialized as a bare string. */
public record RequirementLineId(@JsonValue String value) {

    @JsonCreator
    public RequirementLineId {
        Identifiers.slug(value, "requirement line id");
    }

    public static RequirementLineId of(String value) {
        return new RequirementLineId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
