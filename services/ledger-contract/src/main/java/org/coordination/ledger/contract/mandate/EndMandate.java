package org.coordination.ledger.contract.mandate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.MandateId;

/** Ends a mandate: EXPIRED on or after its expiry date, or TERMINATED by an instrument. */
public record EndMandate(
        @TargetAggregateIdentifier @NotNull MandateId mandateId,
        @NotNull MandateEndReason reason,
        @NotNull LocalDate endedOn,
        @Valid Instrument instrument) implements MandateCommand {
}
