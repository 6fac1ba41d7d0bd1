package org.coordination.ledger.contract.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** One nation's pledge to a force (isf-idn). Serialized as a bare string. */
public record ContributionId(@JsonValue String value) {

    @JsonCreator
    public ContributionId {
        Identifiers.slug(value, "contribution id");
    }

    public static ContributionId of(String value) {
        return new ContributionId(value);
    }

    /** Axon takes the aggregate identifier from toString(). */
    @Override
    public String toString() {
        return value;
    }
}
