package org.coordination.ledger.contract.consent;

import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.PartyId;

/** Consent was granted. */
@Revision("1")
public record ConsentGranted(
        ConsentRegisterId registerId,
        ForceId forceId,
        PartyId party,
        String scope,
        String sofaReference) implements ConsentRegisterEvent {
}
