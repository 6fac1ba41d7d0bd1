package org.coordination.ledger.contract.consent;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;

/** The party objected to a contributing nation. */
@Revision("1")
public record ObjectionRaised(
        ConsentRegisterId registerId,
        ForceId forceId,
        PartyId party,
        Nation nation,
        String reason,
        String citation) implements ConsentRegisterEvent {
}
