package org.coordination.ledger.humanitarian.command;

import static org.coordination.ledger.rules.RuleViolation.require;

import java.time.LocalDate;
import org.coordination.ledger.contract.humanitarian.AdmitPartner;
import org.coordination.ledger.contract.humanitarian.OrganizationType;

/**
 * Whether an organization that is not excluded may join: NGOs need a passed, unexpired vetting (UN
 * agencies and the Red Cross / Red Crescent movement are vetted by their own mandates), and there must
 * be room under the cap. Exclusion is not checked here: refusing an excluded organization is itself a
 * recorded decision.
 */
final class AdmissionRule {

    private AdmissionRule() {
    }

    static boolean needsVetting(OrganizationType type) {
        return type == OrganizationType.INTERNATIONAL_NGO || type == OrganizationType.NATIONAL_NGO;
    }

    static void check(AdmitPartner command, VettingState vetting, long activeMembers, int cap, LocalDate on) {
        require(!needsVetting(command.type()) || (vetting != null && vetting.passedOn(on)), "VETTING_REQUIRED",
                command.organizationId() + " (" + command.type() + ") needs a passed vetting valid on " + on);
        require(activeMembers < cap, "COALITION_CAP_REACHED",
                "The coalition has " + activeMembers + " active members, its cap is " + cap);
    }
}
