package org.coordination.ledger.contract.mandate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.MandateId;

/** A new instrument extends an active mandate to a later expiry. */
public record ExtendMandate(
        @TargetAggregateIdentifier @NotNull MandateId mandateId,
        @NotNull @Valid Instrument instrument,
        @NotNull LocalDate expiresOn) implements MandateCommand {
}
