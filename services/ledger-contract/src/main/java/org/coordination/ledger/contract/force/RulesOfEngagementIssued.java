package org.coordination.ledger.contract.force;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Lists;
import org.coordination.ledger.contract.mandate.UseOfForce;

/** A new ROE version was issued. */
@Revision("1")
public record RulesOfEngagementIssued(
        ForceId forceId,
        int version,
        String profileId,
        List<String> ruleNumbers,
        String issuingAuthority,
        LocalDate effectiveFrom,
        UseOfForce useOfForce) implements ForceEvent {

    public RulesOfEngagementIssued {
        ruleNumbers = Lists.immutable(ruleNumbers);
    }
}
