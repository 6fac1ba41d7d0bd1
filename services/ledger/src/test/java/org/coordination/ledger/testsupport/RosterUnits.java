package org.coordination.ledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A roster as a release before rotations showed it: each row's {@code units} (added with revision 2 of
 * ContributionPledged) taken out, once checked to be what a pledge of that release means now: units that
 * add up to the personnel offered, none with a rotation.
 */
public final class RosterUnits {

    private RosterUnits() {
    }

    public static JsonNode withoutUnits(JsonNode roster, String when) {
        for (JsonNode row : roster.path("rows")) {
            JsonNode units = ((ObjectNode) row).remove("units");
            assertThat(units).as("%s: the units of %s", when, row.get("contributionId")).isNotNull();
            assertThat(units.findValues("personnel").stream().mapToInt(JsonNode::asInt).sum())
                    .as("%s: the units of %s add up to the personnel offered", when, row.get("contributionId"))
                    .isEqualTo(row.get("offeredPersonnel").asInt());
            assertThat(units.findValues("rotation")).as("%s: rotations of %s", when, row.get("contributionId"))
                    .allSatisfy(rotation -> assertThat(rotation.isNull()).isTrue());
        }
        return roster;
    }
}
