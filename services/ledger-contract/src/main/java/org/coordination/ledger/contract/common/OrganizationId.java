package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A humanitarian organization's short stable id (UNRWA, WFP, ICRC). Serialized as a bare string. */
public record OrganizationId(@JsonValue String value) {

    @JsonCreator
    public OrganizationId {
        Identifiers.code(value, "organization id");
    }

    public static OrganizationId of(String value) {
        return new OrganizationId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
