package org.coordination.ledger.humanitarian.command;

import static org.coordination.ledger.testsupport.Rules.violates;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.coordination.ledger.eventstore.StreamTargetResolver;
import org.coordination.ledger.contract.common.CoalitionId;
import org.coordination.ledger.contract.common.OrganizationId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.humanitarian.AdmissionDenied;
import org.coordination.ledger.contract.humanitarian.AdmitPartner;
import org.coordination.ledger.contract.humanitarian.ExcludeOrganization;
import org.coordination.ledger.contract.humanitarian.ExclusionLifted;
import org.coordination.ledger.contract.humanitarian.FormHumanitarianCoalition;
import org.coordination.ledger.contract.humanitarian.HumanitarianCoalitionFormed;
import org.coordination.ledger.contract.humanitarian.LiftExclusion;
import org.coordination.ledger.contract.humanitarian.MembershipCapSet;
import org.coordination.ledger.contract.humanitarian.OrganizationExcluded;
import org.coordination.ledger.contract.humanitarian.OrganizationType;
import org.coordination.ledger.contract.humanitarian.PartnerAdmitted;
import org.coordination.ledger.contract.humanitarian.PartnerRemoved;
import org.coordination.ledger.contract.humanitarian.PartnerSuspended;
import org.coordination.ledger.contract.humanitarian.RecordVetting;
import org.coordination.ledger.contract.humanitarian.RemovePartner;
import org.coordination.ledger.contract.humanitarian.SetMembershipCap;
import org.coordination.ledger.contract.humanitarian.SuspendPartner;
import org.coordination.ledger.contract.humanitarian.VettingRecorded;
import org.coordination.ledger.contract.humanitarian.VettingResult;
import org.coordination.ledger.testsupport.Meta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HumanitarianCoalitionTest {

    static final CoalitionId COALITION = CoalitionId.of("gaza-humanitarian");
    static final OrganizationId WFP = OrganizationId.of("WFP");
    static final OrganizationId UNRWA = OrganizationId.of("UNRWA");
    static final OrganizationId NGO = OrganizationId.of("RELIEF-INTL");
    static final HumanitarianCoalitionFormed FORMED =
            new HumanitarianCoalitionFormed(COALITION, "Gaza humanitarian partners", StructureId.of("cmcc"), 12);
    static final String ON = "2025-12-01";

    private AggregateTestFixture<HumanitarianCoalition> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(HumanitarianCoalition.class);
        fixture.registerCommandTargetResolver(new StreamTargetResolver());
    }

    static PartnerAdmitted admitted(String id, int activeMembers) {
        return new PartnerAdmitted(COALITION, OrganizationId.of(id), id, OrganizationType.UN_AGENCY, List.of(), activeMembers);
    }

    @Test
    void aCoalitionIsFormedWithADozenAsTheDefaultCap() {
        fixture.givenNoPriorActivity()
                .when(new FormHumanitarianCoalition(COALITION, "Gaza humanitarian partners", StructureId.of("cmcc"), null), Meta.on(ON))
                .expectEvents(FORMED);
        fixture.given(FORMED)
                .when(new FormHumanitarianCoalition(COALITION, "Again", StructureId.of("cmcc"), 5), Meta.on(ON))
                .expectException(violates("COALITION_ALREADY_FORMED"));
    }

    @Test
    void aUnAgencyIsAdmittedWithoutVetting() {
        fixture.given(FORMED)
                .when(new AdmitPartner(COALITION, WFP, "World Food Programme", OrganizationType.UN_AGENCY, List.of("food-security")),
                        Meta.on(ON))
                .expectEvents(new PartnerAdmitted(COALITION, WFP, "World Food Programme", OrganizationType.UN_AGENCY,
                        List.of("food-security"), 1));
    }

    @Test
    void anNgoNeedsAPassedUnexpiredVetting() {
        AdmitPartner admitNgo = new AdmitPartner(COALITION, NGO, "Relief International", OrganizationType.INTERNATIONAL_NGO, null);
        fixture.given(FORMED)
                .when(admitNgo, Meta.on(ON))
                .expectException(violates("VETTING_REQUIRED"));
        fixture.given(FORMED, new VettingRecorded(COALITION, NGO, "CMCC vetting cell", VettingResult.FAILED, LocalDate.parse("2026-12-31")))
                .when(admitNgo, Meta.on(ON))
                .expectException(violates("VETTING_REQUIRED"));
        fixture.given(FORMED, new VettingRecorded(COALITION, NGO, "CMCC vetting cell", VettingResult.PASSED, LocalDate.parse("2025-11-30")))
                .when(admitNgo, Meta.on(ON))
                .expectException(violates("VETTING_REQUIRED"));
        fixture.given(FORMED, new VettingRecorded(COALITION, NGO, "CMCC vetting cell", VettingResult.PASSED, LocalDate.parse("2026-12-31")))
                .when(admitNgo, Meta.on(ON))
                .expectEvents(new PartnerAdmitted(COALITION, NGO, "Relief International", OrganizationType.INTERNATIONAL_NGO, List.of(), 1));
    }

    @Test
    void theThirteenthOrganizationIsRefusedWhenTheCapIsADozen() {
        List<Object> dozen = new ArrayList<>();
        dozen.add(FORMED);
        for (int i = 1; i <= 12; i++) {
            dozen.add(admitted("ORG" + i, i));
        }
        fixture.given(dozen)
                .when(new AdmitPartner(COALITION, OrganizationId.of("ORG13"), "Thirteenth", OrganizationType.UN_AGENCY, null), Meta.on(ON))
                .expectException(violates("COALITION_CAP_REACHED"))
                .expectNoEvents();
    }

    @Test
    void suspendedPartnersDoNotCountAgainstTheCap() {
        fixture.given(FORMED, new MembershipCapSet(COALITION, 1), admitted("WFP", 1),
                        new PartnerSuspended(COALITION, WFP, LocalDate.parse("2026-01-31"), "Review"))
                .when(new AdmitPartner(COALITION, UNRWA, "UNRWA", OrganizationType.UN_AGENCY, null), Meta.on(ON))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void admittingAnExcludedOrganizationIsRefusedAndTheRefusalIsRecorded() {
        fixture.given(FORMED, new OrganizationExcluded(COALITION, UNRWA, "Government of Israel", "Knesset law 2024",
                        "ICJ advisory opinion of 22 October 2025"))
                .when(new AdmitPartner(COALITION, UNRWA, "UNRWA", OrganizationType.UN_AGENCY, null), Meta.on(ON))
                .expectEvents(new AdmissionDenied(COALITION, UNRWA, "UNRWA", "ORGANIZATION_EXCLUDED", "UNRWA is excluded from the coalition"));
    }

    @Test
    void aPartnerIsAdmittedOnce() {
        fixture.given(FORMED, admitted("WFP", 1))
                .when(new AdmitPartner(COALITION, WFP, "WFP", OrganizationType.UN_AGENCY, null), Meta.on(ON))
                .expectException(violates("PARTNER_ALREADY_ADMITTED"));
    }

    @Test
    void theCapCannotDropBelowTheActiveMembers() {
        fixture.given(FORMED, admitted("WFP", 1), admitted("UNICEF", 2))
                .when(new SetMembershipCap(COALITION, 1), Meta.on(ON))
                .expectException(violates("MEMBERSHIP_CAP_BELOW_ACTIVE_MEMBERS"));
        fixture.given(FORMED, admitted("WFP", 1))
                .when(new SetMembershipCap(COALITION, 15), Meta.on(ON))
                .expectEvents(new MembershipCapSet(COALITION, 15));
    }

    @Test
    void vettingIsRecordedAsResultAuthorityAndExpiry() {
        fixture.given(FORMED)
                .when(new RecordVetting(COALITION, NGO, "CMCC vetting cell", VettingResult.PASSED, LocalDate.parse("2026-06-30")), Meta.on(ON))
                .expectEvents(new VettingRecorded(COALITION, NGO, "CMCC vetting cell", VettingResult.PASSED, LocalDate.parse("2026-06-30")));
    }

    @Test
    void onlyActivePartnersAreSuspendedAndOnlyPartnersRemoved() {
        LocalDate windDown = LocalDate.parse("2026-01-31");
        fixture.given(FORMED, admitted("WFP", 1))
                .when(new SuspendPartner(COALITION, WFP, windDown, "Review"), Meta.on(ON))
                .expectEvents(new PartnerSuspended(COALITION, WFP, windDown, "Review"));
        fixture.given(FORMED, admitted("WFP", 1), new PartnerSuspended(COALITION, WFP, windDown, "Review"))
                .when(new SuspendPartner(COALITION, WFP, windDown, "Again"), Meta.on(ON))
                .expectException(violates("PARTNER_NOT_ACTIVE"));
        fixture.given(FORMED, admitted("WFP", 1))
                .when(new RemovePartner(COALITION, WFP, "Mission ended"), Meta.on(ON))
                .expectEvents(new PartnerRemoved(COALITION, WFP, "Mission ended"));
        fixture.given(FORMED)
                .when(new RemovePartner(COALITION, WFP, "?"), Meta.on(ON))
                .expectException(violates("PARTNER_NOT_FOUND"));
    }

    @Test
    void anExclusionKeepsTheContraryAuthorityOnRecordAndRemovesACurrentPartner() {
        fixture.given(FORMED, admitted("UNRWA", 1))
                .when(new ExcludeOrganization(COALITION, UNRWA, "Government of Israel", "Knesset law 2024",
                        "ICJ advisory opinion of 22 October 2025"), Meta.on(ON))
                .expectEvents(new PartnerRemoved(COALITION, UNRWA, "Excluded: Knesset law 2024"),
                        new OrganizationExcluded(COALITION, UNRWA, "Government of Israel", "Knesset law 2024",
                                "ICJ advisory opinion of 22 October 2025"));
        fixture.given(FORMED, new OrganizationExcluded(COALITION, UNRWA, "x", "y", null))
                .when(new ExcludeOrganization(COALITION, UNRWA, "x", "y", null), Meta.on(ON))
                .expectException(violates("ORGANIZATION_ALREADY_EXCLUDED"));
    }

    @Test
    void anExclusionIsLiftedOnlyIfInForce() {
        fixture.given(FORMED, new OrganizationExcluded(COALITION, UNRWA, "x", "y", null))
                .when(new LiftExclusion(COALITION, UNRWA, "Board of Peace", "Court ruling"), Meta.on(ON))
                .expectEvents(new ExclusionLifted(COALITION, UNRWA, "Board of Peace", "Court ruling"));
        fixture.given(FORMED)
                .when(new LiftExclusion(COALITION, UNRWA, "Board of Peace", "?"), Meta.on(ON))
                .expectException(violates("ORGANIZATION_NOT_EXCLUDED"));
    }
}
