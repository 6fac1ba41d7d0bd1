package org.coordination.ledger.contract.mandate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Personnel;

/** A new instrument changes tasks, ceiling or use of force; absent fields stay as they are. */
public record AmendMandate(
        @TargetAggregateIdentifier @NotNull MandateId mandateId,
        @NotNull @Valid Instrument instrument,
        List<@NotBlank @Size(max = 500) String> tasks,
        @Positive @Max(Personnel.MAX) Integer troopCeiling,
        UseOfForce useOfForce) implements MandateCommand {

    public AmendMandate {
        tasks = Lists.immutable(tasks);
    }
}
