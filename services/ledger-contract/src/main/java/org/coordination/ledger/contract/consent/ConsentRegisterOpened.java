package org.coordination.ledger.contract.consent;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.PartyId;

/** A consent register was opened. */
@Revision("1")
public record ConsentRegisterOpened(
        ConsentRegisterId registerId,
        ForceId forceId,
        PartyId party,
        PartyRole partyRole) implements ConsentRegisterEvent {
}
