package org.coordination.ledger.contract.consent;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;

/** An objection was withdrawn. */
@Revision("1")
public record ObjectionWithdrawn(
        ConsentRegisterId registerId,
        ForceId forceId,
        PartyId party,
        Nation nation) implements ConsentRegisterEvent {
}
