package org.coordination.ledger.contract.force;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.mandate.UseOfForce;

/** Issues the next ROE version (profile and rule numbers only, never rule text). */
public record IssueRulesOfEngagement(
        @TargetAggregateIdentifier @NotNull ForceId forceId,
        @Positive int version,
        @NotBlank @Size(max = 64) String profileId,
        @NotEmpty List<@NotBlank @Size(max = 32) String> ruleNumbers,
        @NotBlank @Size(max = 200) String issuingAuthority,
        @NotNull LocalDate effectiveFrom,
        @NotNull UseOfForce useOfForce) implements ForceCommand {

    public IssueRulesOfEngagement {
        ruleNumbers = Lists.immutable(ruleNumbers);
    }
}
