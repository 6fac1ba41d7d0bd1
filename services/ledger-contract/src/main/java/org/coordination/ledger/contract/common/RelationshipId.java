package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A typed command relationship inside a command structure. Serialized as a bare string. */
public record RelationshipId(@JsonValue String value) {

    @JsonCreator
    public RelationshipId {
        Identifiers.slug(value, "relationship id");
    }

    public static RelationshipId of(String value) {
        return new RelationshipId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
