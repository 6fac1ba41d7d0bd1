package org.coordination.ledger.lookup;

import java.time.LocalDate;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.mandate.MandateInForce;
import org.coordination.ledger.contract.mandate.UseOfForce;

/** The terms of a mandate as other aggregates need them; kept current by the lookup projector. */
public record MandateTerms(MandateId mandateId, boolean ended, LocalDate effectiveFrom, LocalDate expiresOn,
                           Integer troopCeiling, UseOfForce useOfForce) {

    /** In force on {@code date} ({@link MandateInForce}). */
    public boolean activeOn(LocalDate date) {
        return MandateInForce.on(date, effectiveFrom, expiresOn, ended);
    }
}
