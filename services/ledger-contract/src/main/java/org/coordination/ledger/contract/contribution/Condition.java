package org.coordination.ledger.contract.contribution;

import jakarta.validation.constraints.NotNull;
import org.coordination.ledger.contract.common.PartyId;

/** A condition; CONSENT_REQUIRED names the party whose consent is needed. */
public record Condition(
        @NotNull ConditionType type,
        PartyId party) {
}
