package org.coordination.ledger.contract.mandate;

import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.MandateId;

/** A mandate expired or was terminated. */
@Revision("1")
public record MandateEnded(
        MandateId mandateId,
        MandateEndReason reason,
        LocalDate endedOn,
        Instrument instrument) implements MandateEvent {
}
