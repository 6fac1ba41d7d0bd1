package org.coordination.ledger.contract.revision;

import org.coordination.ledger.contract.common.RequirementLineId;

/** A unit offered against a requirement line, as revision 1 of ContributionPledged had it: without its rotation. */
public record ContributedUnitRevision1(RequirementLineId requirementLine, String type, int personnel) {
}
