package org.coordination.ledger.contract.mandate;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.MandateId;

/** A mandate was extended. */
@Revision("1")
public record MandateExtended(
        MandateId mandateId,
        Instrument instrument,
        LocalDate previousExpiry,
        LocalDate expiresOn) implements MandateEvent {
}
