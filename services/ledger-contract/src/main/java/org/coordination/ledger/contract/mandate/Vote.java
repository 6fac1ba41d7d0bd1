package org.coordination.ledger.contract.mandate;

import jakarta.validation.constraints.PositiveOrZero;

/** A recorded vote on an instrument. */
public record Vote(
        @PositiveOrZero int inFavour,
        @PositiveOrZero int against,
        @PositiveOrZero int abstentions) {
}
