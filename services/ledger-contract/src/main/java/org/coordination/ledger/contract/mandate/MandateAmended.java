package org.coordination.ledger.contract.mandate;

import java.util.List;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.MandateId;

/** A mandate was amended; the fields carry the terms in force after the amendment. */
@Revision("1")
public record MandateAmended(
        MandateId mandateId,
        Instrument instrument,
        List<String> tasks,
        Integer troopCeiling,
        UseOfForce useOfForce) implements MandateEvent {

    public MandateAmended {
        tasks = Lists.immutable(tasks);
    }
}
