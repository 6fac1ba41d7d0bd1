package org.coordination.ledger.force.command;

import static org.coordination.ledger.testsupport.Rules.violates;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.coordination.ledger.eventstore.StreamTargetResolver;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.force.ActivateForce;
import org.coordination.ledger.contract.force.CommandModel;
import org.coordination.ledger.contract.force.DefineForceRequirement;
import org.coordination.ledger.contract.force.EstablishForce;
import org.coordination.ledger.contract.force.ForceActivated;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.ForceRequirementDefined;
import org.coordination.ledger.contract.force.IssueRulesOfEngagement;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.lookup.MandateTerms;
import org.coordination.ledger.testsupport.InMemoryLedgerLookup;
import org.coordination.ledger.testsupport.Meta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForceTest {

    static final ForceId ISF = ForceId.of("isf");
    static final MandateId MANDATE = MandateId.of("gaza-isf-mandate");
    static final StructureId STRUCTURE = StructureId.of("isf-hq");
    static final PostId COMMANDER = PostId.of("force-commander");
    static final MandateTerms ACTIVE = new MandateTerms(MANDATE, false, LocalDate.parse("2025-11-17"),
            LocalDate.parse("2027-12-31"), 1000, UseOfForce.ALL_NECESSARY_MEASURES);
    static final ForceEstablished ESTABLISHED = new ForceEstablished(ISF, "International Stabilization Force",
            "Board of Peace", Nation.of("USA"), CommandModel.LEAD_NATION, 1000, MANDATE);

    private AggregateTestFixture<Force> fixture;
    private InMemoryLedgerLookup lookup;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Force.class);
        fixture.registerCommandTargetResolver(new StreamTargetResolver());
        lookup = new InMemoryLedgerLookup();
        fixture.registerInjectableResource(lookup);
    }

    static RulesOfEngagementIssued roe(int version, UseOfForce useOfForce) {
        return new RulesOfEngagementIssued(ISF, version, "ISF-ROE", List.of("1.1", "2.3"), "Force Commander",
                LocalDate.parse("2025-12-01"), useOfForce);
    }

    static IssueRulesOfEngagement issue(int version, UseOfForce useOfForce) {
        return new IssueRulesOfEngagement(ISF, version, "ISF-ROE", List.of("1.1", "2.3"), "Force Commander",
                LocalDate.parse("2025-12-01"), useOfForce);
    }

    @Test
    void aForceIsPlannedBeforeItsMandateExists() {
        fixture.givenNoPriorActivity()
                .when(new EstablishForce(ISF, "International Stabilization Force", "Board of Peace", Nation.of("USA"),
                        CommandModel.LEAD_NATION, 1000, MANDATE), Meta.on("2025-10-20"))
                .expectEvents(ESTABLISHED);
    }

    @Test
    void aForceIsEstablishedOnce() {
        fixture.given(ESTABLISHED)
                .when(new EstablishForce(ISF, "Other", "Other", Nation.of("USA"), CommandModel.INTEGRATED, 10, MANDATE),
                        Meta.on("2025-10-21"))
                .expectException(violates("FORCE_ALREADY_ESTABLISHED"));
    }

    @Test
    void requirementLinesAreDefined() {
        fixture.given(ESTABLISHED)
                .when(new DefineForceRequirement(ISF, RequirementLineId.of("infantry-1"), "Infantry battalion", 600, "Rafah"),
                        Meta.on("2025-10-21"))
                .expectEvents(new ForceRequirementDefined(ISF, RequirementLineId.of("infantry-1"), "Infantry battalion", 600, "Rafah"));
    }

    @Test
    void aRequirementLineIsDefinedOnce() {
        fixture.given(ESTABLISHED, new ForceRequirementDefined(ISF, RequirementLineId.of("infantry-1"), "Infantry", 600, null))
                .when(new DefineForceRequirement(ISF, RequirementLineId.of("infantry-1"), "Infantry", 100, null), Meta.on("2025-10-21"))
                .expectException(violates("REQUIREMENT_LINE_ALREADY_DEFINED"));
    }

    @Test
    void requirementLinesMayNotExceedTheMandatesCeiling() {
        lookup.mandate(ACTIVE);
        fixture.given(ESTABLISHED, new ForceRequirementDefined(ISF, RequirementLineId.of("infantry-1"), "Infantry", 600, null))
                .when(new DefineForceRequirement(ISF, RequirementLineId.of("engineers"), "Engineers", 401, null), Meta.on("2025-12-01"))
                .expectException(violates("REQUIREMENTS_EXCEED_CEILING"));
    }

    @Test
    void requirementLinesUpToTheCeilingAreAccepted() {
        lookup.mandate(ACTIVE);
        fixture.given(ESTABLISHED, new ForceRequirementDefined(ISF, RequirementLineId.of("infantry-1"), "Infantry", 600, null))
                .when(new DefineForceRequirement(ISF, RequirementLineId.of("engineers"), "Engineers", 400, null), Meta.on("2025-12-01"))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void roeVersionsGoUpByOne() {
        lookup.mandate(ACTIVE);
        fixture.given(ESTABLISHED, roe(1, UseOfForce.SELF_DEFENCE_ONLY))
                .when(issue(3, UseOfForce.SELF_DEFENCE_ONLY), Meta.on("2025-12-01"))
                .expectException(violates("ROE_VERSION_NOT_NEXT"));
    }

    @Test
    void theNextRoeVersionIsIssued() {
        lookup.mandate(ACTIVE);
        fixture.given(ESTABLISHED, roe(1, UseOfForce.SELF_DEFENCE_ONLY))
                .when(issue(2, UseOfForce.ALL_NECESSARY_MEASURES), Meta.on("2025-12-01"))
                .expectEvents(roe(2, UseOfForce.ALL_NECESSARY_MEASURES));
    }

    @Test
    void roeMayNotExceedTheMandatesUseOfForce() {
        lookup.mandate(new MandateTerms(MANDATE, false, LocalDate.parse("2025-11-17"), LocalDate.parse("2027-12-31"), null,
                UseOfForce.SELF_DEFENCE_ONLY));
        fixture.given(ESTABLISHED)
                .when(issue(1, UseOfForce.ALL_NECESSARY_MEASURES), Meta.on("2025-12-01"))
                .expectException(violates("ROE_EXCEEDS_MANDATE"));
    }

    @Test
    void withoutAMandateRoeCoverSelfDefenceOnly() {
        fixture.given(ESTABLISHED)
                .when(issue(1, UseOfForce.ALL_NECESSARY_MEASURES), Meta.on("2025-11-01"))
                .expectException(violates("ROE_EXCEEDS_MANDATE"));
    }

    @Test
    void aForceIsActivatedWithAnActiveMandateAFilledCommanderPostAndRoe() {
        lookup.mandate(ACTIVE).post(STRUCTURE, COMMANDER, true);
        fixture.given(ESTABLISHED, roe(1, UseOfForce.SELF_DEFENCE_ONLY))
                .when(new ActivateForce(ISF, STRUCTURE, COMMANDER), Meta.on("2025-12-15"))
                .expectEvents(new ForceActivated(ISF, MANDATE, STRUCTURE, COMMANDER, 1));
    }

    @Test
    void cannotActivateWithoutAnActiveMandate() {
        lookup.mandate(ACTIVE).post(STRUCTURE, COMMANDER, true);
        fixture.given(ESTABLISHED, roe(1, UseOfForce.SELF_DEFENCE_ONLY))
                .when(new ActivateForce(ISF, STRUCTURE, COMMANDER), Meta.on("2025-11-01"))
                .expectException(violates("MANDATE_NOT_ACTIVE"));
    }

    @Test
    void cannotActivateWithAVacantCommanderPost() {
        lookup.mandate(ACTIVE).post(STRUCTURE, COMMANDER, false);
        fixture.given(ESTABLISHED, roe(1, UseOfForce.SELF_DEFENCE_ONLY))
                .when(new ActivateForce(ISF, STRUCTURE, COMMANDER), Meta.on("2025-12-15"))
                .expectException(violates("COMMANDER_POST_VACANT"));
    }

    @Test
    void cannotActivateWithoutRoe() {
        lookup.mandate(ACTIVE).post(STRUCTURE, COMMANDER, true);
        fixture.given(ESTABLISHED)
                .when(new ActivateForce(ISF, STRUCTURE, COMMANDER), Meta.on("2025-12-15"))
                .expectException(violates("ROE_NOT_ISSUED"));
    }

    @Test
    void aForceIsActivatedOnce() {
        lookup.mandate(ACTIVE).post(STRUCTURE, COMMANDER, true);
        fixture.given(ESTABLISHED, roe(1, UseOfForce.SELF_DEFENCE_ONLY), new ForceActivated(ISF, MANDATE, STRUCTURE, COMMANDER, 1))
                .when(new ActivateForce(ISF, STRUCTURE, COMMANDER), Meta.on("2025-12-16"))
                .expectException(violates("FORCE_ALREADY_ACTIVE"));
    }
}
