package org.coordination.ledger.contract.force;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** Activates a force under its commander. */
public record ActivateForce(
        @TargetAggregateIdentifier @NotNull ForceId forceId,
        @NotNull StructureId structureId,
        @NotNull PostId commanderPostId) implements ForceCommand {
}
