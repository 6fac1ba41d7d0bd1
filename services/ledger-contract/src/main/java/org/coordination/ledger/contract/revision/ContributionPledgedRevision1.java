package org.coordination.ledger.contract.revision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.Readiness;

/**
 * A nation pledged units to a force, as revision 1 of ContributionPledged stored it: units without their
 * rotation, and the personnel offered in a field of their own (always the sum of the units').
 * Kept for what the ledger and the topic still hold: the docs describe this shape, and
 * {@link #toRevision2} is the one step that turns it into revision 2.
 */
public record ContributionPledgedRevision1(
        ContributionId contributionId,
        ForceId forceId,
        Nation nation,
        List<ContributedUnitRevision1> units,
        int personnel,
        Readiness readiness,
        List<Condition> conditions,
        AuthorityLevel authorityOffered,
        ContributionState state) {

    /**
     * Revision 1 as revision 2: {@code personnel} goes (revision 2 derives it from the units), and every unit
     * gets {@code "rotation": null}, "not stated", since revision 1 could not state it. The stored sum is
     * checked against the units so that the step never changes what a pledge offered.
     *
     * @throws IllegalArgumentException when the payload is not a revision 1 pledge the ledger could have written
     */
    public static ObjectNode toRevision2(ObjectNode revision1) {
        ObjectNode pledge = revision1.deepCopy();
        JsonNode stored = pledge.remove("personnel");
        JsonNode units = pledge.get("units");
        if (stored == null || !stored.canConvertToInt() || units == null || !units.isArray()) {
            throw new IllegalArgumentException("Not a ContributionPledged of revision 1 (personnel and units expected): " + revision1);
        }
        long sum = 0;
        for (JsonNode unit : units) {
            if (!unit.isObject() || !unit.path("personnel").canConvertToInt()) {
                throw new IllegalArgumentException("A unit of a ContributionPledged of revision 1 without its personnel: " + unit);
            }
            sum += unit.get("personnel").asInt();
            ((ObjectNode) unit).putNull("rotation");
        }
        if (sum != stored.asInt()) {
            throw new IllegalArgumentException("ContributionPledged of revision 1 offers " + stored.asInt()
                    + " personnel but its units add up to " + sum + ": revision 2 cannot say that");
        }
        return pledge;
    }
}
