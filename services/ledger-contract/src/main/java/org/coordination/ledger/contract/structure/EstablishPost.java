package org.coordination.ledger.contract.structure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;

/** Establishes a post. */
public record EstablishPost(
        @TargetAggregateIdentifier @NotNull StructureId structureId,
        @NotNull PostId postId,
        @NotBlank @Size(max = 200) String title,
        @NotNull ServiceLine line,
        PostId parentPostId,
        @NotBlank @Size(max = 200) String appointingAuthority,
        @Size(max = 200) String acceptanceAuthority,
        Eligibility eligibility) implements CommandStructureCommand {
}
