package org.coordination.ledger.lookup;

import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;

/** What a pledge needs to know of its force: the mandate it rests on and its current ROE version (0: none). */
public record ForceFacts(ForceId forceId, MandateId mandateId, int currentRoeVersion) {
}
