package org.coordination.ledger.contract.consent;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.PartyId;

/** Opens the consent register of one party towards a force. */
public record OpenConsentRegister(
        @TargetAggregateIdentifier @NotNull ConsentRegisterId registerId,
        @NotNull ForceId forceId,
        @NotNull PartyId party,
        @NotNull PartyRole partyRole) implements ConsentRegisterCommand {
}
