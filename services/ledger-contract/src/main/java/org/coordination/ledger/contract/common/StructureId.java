package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A command structure: posts, office holders, relationships (cmcc). Serialized as a bare string. */
public record StructureId(@JsonValue String value) {

    @JsonCreator
    public StructureId {
        Identifiers.slug(value, "command structure id");
    }

    public static StructureId of(String value) {
        return new StructureId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
