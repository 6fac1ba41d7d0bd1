package org.coordination.ledger.humanitarian.command;

import java.time.LocalDate;
import org.coordination.ledger.contract.humanitarian.VettingResult;

/** The latest vetting of an organization: its result and until when it holds. */
record VettingState(VettingResult result, LocalDate validUntil) {

    boolean passedOn(LocalDate date) {
        return result == VettingResult.PASSED && !date.isAfter(validUntil);
    }
}
