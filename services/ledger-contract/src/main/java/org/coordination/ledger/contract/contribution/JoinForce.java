package org.coordination.ledger.contract.contribution;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.Nation;

/** A nation pledges units to a force. */
public record JoinForce(
        @TargetAggregateIdentifier @NotNull ContributionId contributionId,
        @NotNull ForceId forceId,
        @NotNull Nation nation,
        @NotEmpty List<@NotNull @Valid ContributedUnit> units,
        @NotNull Readiness readiness,
        List<@NotNull @Valid Condition> conditions,
        @NotNull AuthorityLevel authorityOffered) implements ContributionCommand {

    public JoinForce {
        units = Lists.immutable(units);
        conditions = Lists.immutable(conditions);
    }
}
