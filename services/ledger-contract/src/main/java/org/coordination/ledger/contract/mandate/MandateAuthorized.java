package org.coordination.ledger.contract.mandate;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.common.MandateId;

/** A mandate was authorized by an instrument. */
@Revision("1")
public record MandateAuthorized(
        MandateId mandateId,
        Instrument instrument,
        CharterBasis charterBasis,
        List<String> authorizedEntities,
        List<String> tasks,
        UseOfForce useOfForce,
        Integer troopCeiling,
        LocalDate effectiveFrom,
        LocalDate expiresOn) implements MandateEvent {

    public MandateAuthorized {
        authorizedEntities = Lists.immutable(authorizedEntities);
        tasks = Lists.immutable(tasks);
    }
}
