package org.coordination.ledger.humanitarian.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.humanitarian.AdmissionDenied;
import org.coordination.ledger.contract.humanitarian.ExclusionLifted;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionFormed;
import org.coordination.ledger.contract.humanitarian.MembershipCapSet;
import org.coordination.ledger.contract.humanitarian.OrganizationExcluded;
import org.coordination.ledger.contract.humanitarian.OrganizationType;
import org.coordination.ledger.contract.humanitarian.PartnerAdmitted;
import org.coordination.ledger.contract.humanitarian.PartnerRemoved;
import org.coordination.ledger.contract.humanitarian.PartnerSuspended;
import org.coordination.ledger.contract.humanitarian.VettingRecorded;
import org.coordination.ledger.contract.humanitarian.VettingResult;
import org.coordination.ledger.testsupport.ViewFixture;
import org.junit.jupiter.api.Test;

/** The humanitarian coalition: members and cap usage, vetting, exclusions with both citations, refused admissions. */
class HumanitarianCoalitionViewTest {

    static final CoalitionId COALITION = CoalitionId.of("gaza-humanitarian");
    static final OrganizationId WFP = OrganizationId.of("WFP");
    static final OrganizationId ICRC = OrganizationId.of("ICRC");
    static final OrganizationId UNRWA = OrganizationId.of("UNRWA");

    static PartnerAdmitted admitted(OrganizationId id, int active) {
        return new PartnerAdmitted(COALITION, id, id.value().toUpperCase(), OrganizationType.UN_AGENCY, List.of("food"), active);
    }

    @Test
    void membersAndCapUsage() {
        HumanitarianCoalitionView coalition = ViewFixture.of(HumanitarianCoalitionView.TYPE)
                .given(new HumanitarianCoalitionFormed(COALITION, "Gaza humanitarian coalition", StructureId.of("cmcc"), 2),
                        new VettingRecorded(COALITION, WFP, "CMCC", VettingResult.PASSED, LocalDate.of(2026, 12, 31)),
                        admitted(WFP, 1), admitted(ICRC, 2), new MembershipCapSet(COALITION, 5),
                        new PartnerSuspended(COALITION, ICRC, LocalDate.of(2026, 2, 1), "audit"))
                .document("gaza-humanitarian");
        HumanitarianCoalitionView.Response response = coalition.toResponse(null);
        assertThat(response.capUsage()).isEqualTo("1/5");
        assertThat(response.members()).extracting(HumanitarianCoalitionView.Member::organizationId, HumanitarianCoalitionView.Member::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("WFP", "ACTIVE"), org.assertj.core.groups.Tuple.tuple("ICRC", "SUSPENDED"));
        assertThat(response.vetting()).extracting(HumanitarianCoalitionView.Vetting::result).containsExactly("PASSED");
        assertThat(coalition.version()).isEqualTo(5);
    }

    @Test
    void exclusionsKeepTheirCitationAndDenialsAreRecorded() {
        ViewFixture<HumanitarianCoalitionView> fixture = ViewFixture.of(HumanitarianCoalitionView.TYPE)
                .given(new HumanitarianCoalitionFormed(COALITION, "Gaza humanitarian coalition", StructureId.of("cmcc"), 5),
                        admitted(UNRWA, 1), new PartnerRemoved(COALITION, UNRWA, "excluded"))
                .citing("Knesset law 5785")
                .given(new OrganizationExcluded(COALITION, UNRWA, "Israel", "Knesset law", "ICJ advisory opinion"),
                        new AdmissionDenied(COALITION, UNRWA, "UNRWA", "ORGANIZATION_EXCLUDED", "excluded"));
        HumanitarianCoalitionView.Response response = fixture.document("gaza-humanitarian").toResponse(null);
        assertThat(response.members()).isEmpty();
        assertThat(response.exclusions()).extracting(HumanitarianCoalitionView.Exclusion::citation,
                HumanitarianCoalitionView.Exclusion::contraryAuthority).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Knesset law 5785", "ICJ advisory opinion"));
        assertThat(response.admissionsDenied()).extracting(HumanitarianCoalitionView.Denial::rule).containsExactly("ORGANIZATION_EXCLUDED");

        fixture.given(new ExclusionLifted(COALITION, UNRWA, "Israel", "review"));
        assertThat(fixture.document("gaza-humanitarian").toResponse(null).exclusions()).isEmpty();
    }
}
