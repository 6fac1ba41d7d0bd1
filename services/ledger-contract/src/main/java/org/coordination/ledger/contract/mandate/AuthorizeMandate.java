package org.coordination.ledger.contract.mandate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Personnel;

/** Records the instrument that authorizes a force. */
public record AuthorizeMandate(
        @TargetAggregateIdentifier @NotNull MandateId mandateId,
        @NotNull @Valid Instrument instrument,
        @NotNull CharterBasis charterBasis,
        @NotEmpty List<@NotBlank @Size(max = 200) String> authorizedEntities,
        @NotEmpty List<@NotBlank @Size(max = 500) String> tasks,
        @NotNull UseOfForce useOfForce,
        @Positive @Max(Personnel.MAX) Integer troopCeiling,
        @NotNull LocalDate effectiveFrom,
        @NotNull LocalDate expiresOn) implements MandateCommand {

    public AuthorizeMandate {
        authorizedEntities = Lists.immutable(authorizedEntities);
        tasks = Lists.immutable(tasks);
    }
}
