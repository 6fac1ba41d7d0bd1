package org.coordination.ledger.structure.command;

import static org.coordination.ledger.testsupport.Rules.violates;

import java.time.Instant;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.coordination.ledger.eventstore.StreamTargetResolver;
import org.coordination.ledger.contract.common.Personnel;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RelationshipId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.AppointLead;
import org.coordination.ledger.contract.structure.AssignCommandRelationship;
import org.coordination.ledger.contract.structure.AttachStaff;
import org.coordination.ledger.contract.structure.CommandRelationshipAssigned;
import org.coordination.ledger.contract.structure.CommandRelationshipRevoked;
import org.coordination.ledger.contract.structure.CommandStructureEstablished;
import org.coordination.ledger.contract.structure.DetachStaff;
import org.coordination.ledger.contract.structure.Eligibility;
import org.coordination.ledger.contract.structure.EstablishCommandStructure;
import org.coordination.ledger.contract.structure.EstablishPost;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.coordination.ledger.contract.structure.PostEstablished;
import org.coordination.ledger.contract.structure.RelationshipType;
import org.coordination.ledger.contract.structure.RevokeCommandRelationship;
import org.coordination.ledger.contract.structure.ServiceLine;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.coordination.ledger.contract.structure.StaffDetached;
import org.coordination.ledger.contract.structure.VacatePost;
import org.coordination.ledger.testsupport.InMemoryLedgerLookup;
import org.coordination.ledger.testsupport.Meta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandStructureTest {

    static final StructureId CMCC = StructureId.of("cmcc");
    static final PostId COMMANDER = PostId.of("military-lead");
    static final PostId CIVILIAN_LEAD = PostId.of("civilian-lead");
    static final PostId OPERATIONS = PostId.of("operations");
    static final PostId LOGISTICS = PostId.of("logistics");
    static final Nation USA = Nation.of("USA");
    static final Appointee ADMIRAL = new Appointee("Brad Cooper", "Admiral", USA, "U.S. Central Command", ServiceLine.MILITARY);
    static final Appointee GENERAL = new Appointee("Patrick Frank", "Lieutenant General", USA, "U.S. Army Central", ServiceLine.MILITARY);
    static final Appointee AMBASSADOR = new Appointee("Steven Fagin", "Ambassador", USA, "Department of State", ServiceLine.CIVILIAN);
    static final String ON = "2025-10-17";
    static final Instant AT = Instant.parse(ON + "T00:00:00Z");

    static final CommandStructureEstablished ESTABLISHED =
            new CommandStructureEstablished(CMCC, "Civil-Military Coordination Center", USA, "Kiryat Gat");
    static final PostEstablished COMMANDER_POST = new PostEstablished(CMCC, COMMANDER, "Military lead", ServiceLine.MILITARY,
            null, "Secretary of War", null, Eligibility.MILITARY_ONLY);
    static final PostEstablished CIVILIAN_POST = new PostEstablished(CMCC, CIVILIAN_LEAD, "Civilian lead", ServiceLine.CIVILIAN,
            null, "Secretary of State", null, Eligibility.CIVILIAN_ONLY);
    static final PostEstablished OPERATIONS_POST = new PostEstablished(CMCC, OPERATIONS, "Operations", ServiceLine.MILITARY,
            COMMANDER, "Military lead", null, Eligibility.ANY);
    static final PostEstablished LOGISTICS_POST = new PostEstablished(CMCC, LOGISTICS, "Logistics", ServiceLine.MILITARY,
            COMMANDER, "Military lead", null, Eligibility.ANY);

    private AggregateTestFixture<CommandStructure> fixture;
    private InMemoryLedgerLookup lookup;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(CommandStructure.class);
        fixture.registerCommandTargetResolver(new StreamTargetResolver());
        lookup = new InMemoryLedgerLookup();
        fixture.registerInjectableResource(lookup);
    }

    @Test
    void aCenterIsEstablishedOnce() {
        fixture.givenNoPriorActivity()
                .when(new EstablishCommandStructure(CMCC, "Civil-Military Coordination Center", USA, "Kiryat Gat"), Meta.on(ON))
                .expectEvents(ESTABLISHED);
        fixture.given(ESTABLISHED)
                .when(new EstablishCommandStructure(CMCC, "Again", USA, "Elsewhere"), Meta.on(ON))
                .expectException(violates("COMMAND_STRUCTURE_ALREADY_ESTABLISHED"));
    }

    @Test
    void nothingAPersonRecordsTakesEffectBeforeTheStructureWasEstablished() {
        Object establishedOnTheSeventeenth = GenericEventMessage.asEventMessage(ESTABLISHED).andMetaData(Meta.on(ON));
        fixture.given(establishedOnTheSeventeenth)
                .when(new EstablishPost(CMCC, COMMANDER, "Military lead", ServiceLine.MILITARY, null, "Secretary of War", null, null),
                        Meta.on("2025-10-01"))
                .expectException(violates("EFFECTIVE_BEFORE_ESTABLISHED"))
                .expectNoEvents();
        fixture.given(establishedOnTheSeventeenth)
                .when(new EstablishPost(CMCC, COMMANDER, "Military lead", ServiceLine.MILITARY, null, "Secretary of War", null, null),
                        Meta.on(ON))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aPolicysCommandTakesEffectWhenItsCauseDidEvenBeforeTheEstablishment() {
        java.util.Map<String, Object> policy = new java.util.HashMap<>(Meta.on("2025-10-01"));
        policy.put(org.coordination.ledger.provenance.Provenance.ROLE, org.coordination.ledger.provenance.Provenance.POLICY_ROLE);
        fixture.given(GenericEventMessage.asEventMessage(ESTABLISHED).andMetaData(Meta.on(ON)))
                .when(new EstablishPost(CMCC, COMMANDER, "Military lead", ServiceLine.MILITARY, null, "Secretary of War", null, null),
                        policy)
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void postsAreEstablishedUnderExistingParents() {
        fixture.given(ESTABLISHED, COMMANDER_POST)
                .when(new EstablishPost(CMCC, OPERATIONS, "Operations", ServiceLine.MILITARY, COMMANDER, "Military lead", null, null),
                        Meta.on(ON))
                .expectEvents(OPERATIONS_POST);
        fixture.given(ESTABLISHED)
                .when(new EstablishPost(CMCC, OPERATIONS, "Operations", ServiceLine.MILITARY, COMMANDER, "Military lead", null, null),
                        Meta.on(ON))
                .expectException(violates("PARENT_POST_NOT_FOUND"));
        fixture.given(ESTABLISHED, COMMANDER_POST)
                .when(new EstablishPost(CMCC, COMMANDER, "Again", ServiceLine.MILITARY, null, "x", null, null), Meta.on(ON))
                .expectException(violates("POST_ALREADY_ESTABLISHED"));
    }

    @Test
    void theAppointingAuthorityAppointsToAVacantPost() {
        fixture.given(ESTABLISHED, CIVILIAN_POST)
                .when(new AppointLead(CMCC, CIVILIAN_LEAD, AMBASSADOR, "Secretary of State", null), Meta.on(ON))
                .expectEvents(new LeadAppointed(CMCC, CIVILIAN_LEAD, AMBASSADOR, "Secretary of State", null, AT));
    }

    @Test
    void appointingToAFilledPostRelievesTheIncumbent() {
        fixture.given(ESTABLISHED, COMMANDER_POST,
                        new LeadAppointed(CMCC, COMMANDER, ADMIRAL, "Secretary of War", null, Instant.parse("2025-10-01T00:00:00Z")))
                .when(new AppointLead(CMCC, COMMANDER, GENERAL, "Secretary of War", null), Meta.on(ON))
                .expectEvents(
                        new LeadRelieved(CMCC, COMMANDER, ADMIRAL, CommandStructure.RELIEVED_ON_SUCCESSION, AT),
                        new LeadAppointed(CMCC, COMMANDER, GENERAL, "Secretary of War", null, AT));
    }

    @Test
    void theAppointingAuthorityMustMatchThePosts() {
        fixture.given(ESTABLISHED, CIVILIAN_POST)
                .when(new AppointLead(CMCC, CIVILIAN_LEAD, AMBASSADOR, "Secretary of War", null), Meta.on(ON))
                .expectException(violates("WRONG_APPOINTING_AUTHORITY"))
                .expectNoEvents();
    }

    @Test
    void anAcceptanceAuthorityMustAccept() {
        PostEstablished accepted = new PostEstablished(CMCC, CIVILIAN_LEAD, "Civilian lead", ServiceLine.CIVILIAN, null,
                "Secretary of State", "Board of Peace", Eligibility.CIVILIAN_ONLY);
        fixture.given(ESTABLISHED, accepted)
                .when(new AppointLead(CMCC, CIVILIAN_LEAD, AMBASSADOR, "Secretary of State", null), Meta.on(ON))
                .expectException(violates("WRONG_ACCEPTING_AUTHORITY"));
        fixture.given(ESTABLISHED, accepted)
                .when(new AppointLead(CMCC, CIVILIAN_LEAD, AMBASSADOR, "Secretary of State", "Board of Peace"), Meta.on(ON))
                .expectEvents(new LeadAppointed(CMCC, CIVILIAN_LEAD, AMBASSADOR, "Secretary of State", "Board of Peace", AT));
    }

    @Test
    void aCivilianOnlyPostTakesACivilian() {
        fixture.given(ESTABLISHED, CIVILIAN_POST)
                .when(new AppointLead(CMCC, CIVILIAN_LEAD, ADMIRAL, "Secretary of State", null), Meta.on(ON))
                .expectException(violates("APPOINTEE_NOT_ELIGIBLE"));
    }

    @Test
    void theIncumbentIsNotReappointed() {
        fixture.given(ESTABLISHED, COMMANDER_POST, new LeadAppointed(CMCC, COMMANDER, ADMIRAL, "Secretary of War", null, AT))
                .when(new AppointLead(CMCC, COMMANDER, ADMIRAL, "Secretary of War", null), Meta.on(ON))
                .expectException(violates("APPOINTEE_ALREADY_HOLDS_POST"));
    }

    @Test
    void appointmentsAreToExistingPosts() {
        fixture.given(ESTABLISHED)
                .when(new AppointLead(CMCC, COMMANDER, ADMIRAL, "Secretary of War", null), Meta.on(ON))
                .expectException(violates("POST_NOT_FOUND"));
    }

    @Test
    void vacatingRelievesTheHolder() {
        fixture.given(ESTABLISHED, COMMANDER_POST, new LeadAppointed(CMCC, COMMANDER, ADMIRAL, "Secretary of War", null, AT))
                .when(new VacatePost(CMCC, COMMANDER, "Retirement"), Meta.on(ON))
                .expectEvents(new LeadRelieved(CMCC, COMMANDER, ADMIRAL, "Retirement", AT));
        fixture.given(ESTABLISHED, COMMANDER_POST)
                .when(new VacatePost(CMCC, COMMANDER, "Retirement"), Meta.on(ON))
                .expectException(violates("POST_VACANT"));
    }

    @Test
    void aPostTakesARelationshipOverAnotherPost() {
        fixture.given(ESTABLISHED, COMMANDER_POST, OPERATIONS_POST)
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("ops"), RelationshipType.OPCON, COMMANDER, OPERATIONS, null),
                        Meta.on(ON))
                .expectEvents(new CommandRelationshipAssigned(CMCC, RelationshipId.of("ops"), RelationshipType.OPCON, COMMANDER, OPERATIONS, null));
    }

    @Test
    void aRelationshipIdIsUsedOnceEvenAfterRevocation() {
        CommandRelationshipAssigned assigned =
                new CommandRelationshipAssigned(CMCC, RelationshipId.of("ops"), RelationshipType.OPCON, COMMANDER, OPERATIONS, null);
        AssignCommandRelationship again =
                new AssignCommandRelationship(CMCC, RelationshipId.of("ops"), RelationshipType.TACON, COMMANDER, LOGISTICS, null);
        fixture.given(ESTABLISHED, COMMANDER_POST, OPERATIONS_POST, LOGISTICS_POST, assigned)
                .when(again, Meta.on(ON))
                .expectException(violates("RELATIONSHIP_ALREADY_ASSIGNED"));
        fixture.given(ESTABLISHED, COMMANDER_POST, OPERATIONS_POST, LOGISTICS_POST, assigned,
                        new CommandRelationshipRevoked(CMCC, RelationshipId.of("ops"), "Reorganisation"))
                .when(again, Meta.on(ON))
                .expectException(violates("RELATIONSHIP_ALREADY_ASSIGNED"));
    }

    @Test
    void commandRelationshipsHaveNoCycles() {
        fixture.given(ESTABLISHED, COMMANDER_POST, OPERATIONS_POST, LOGISTICS_POST,
                        new CommandRelationshipAssigned(CMCC, RelationshipId.of("r1"), RelationshipType.OPCON, COMMANDER, OPERATIONS, null),
                        new CommandRelationshipAssigned(CMCC, RelationshipId.of("r2"), RelationshipType.TACON, OPERATIONS, LOGISTICS, null))
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("r3"), RelationshipType.TACON, LOGISTICS, COMMANDER, null),
                        Meta.on(ON))
                .expectException(violates("COMMAND_RELATIONSHIP_CYCLE"));
        fixture.given(ESTABLISHED, COMMANDER_POST)
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("self"), RelationshipType.OPCON, COMMANDER, COMMANDER, null),
                        Meta.on(ON))
                .expectException(violates("COMMAND_RELATIONSHIP_CYCLE"));
    }

    @Test
    void aCivilianPostOnlyCoordinatesOrLiaisesWithMilitaryNodes() {
        fixture.given(ESTABLISHED, COMMANDER_POST, CIVILIAN_POST)
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("r1"), RelationshipType.OPCON, CIVILIAN_LEAD, COMMANDER, null),
                        Meta.on(ON))
                .expectException(violates("CIVILIAN_POST_COORDINATION_ONLY"));
        fixture.given(ESTABLISHED, COMMANDER_POST, CIVILIAN_POST)
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("r1"), RelationshipType.COORDINATION, CIVILIAN_LEAD, COMMANDER, null),
                        Meta.on(ON))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aRelationshipOverAContingentCannotExceedWhatItsNationTransferred() {
        ContributionId contingent = ContributionId.of("isf-idn");
        lookup.transferred(contingent, AuthorityLevel.TACON);
        fixture.given(ESTABLISHED, COMMANDER_POST)
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("idn"), RelationshipType.OPCON, COMMANDER, null, contingent),
                        Meta.on(ON))
                .expectException(violates("RELATIONSHIP_EXCEEDS_TRANSFERRED_AUTHORITY"));
        fixture.given(ESTABLISHED, COMMANDER_POST)
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("idn"), RelationshipType.TACON, COMMANDER, null, contingent),
                        Meta.on(ON))
                .expectEvents(new CommandRelationshipAssigned(CMCC, RelationshipId.of("idn"), RelationshipType.TACON, COMMANDER, null, contingent));
    }

    @Test
    void aContingentWhoseNationTransferredNothingIsNotCommanded() {
        fixture.given(ESTABLISHED, COMMANDER_POST)
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("tur"), RelationshipType.TACON, COMMANDER, null,
                        ContributionId.of("isf-tur")), Meta.on(ON))
                .expectException(violates("RELATIONSHIP_EXCEEDS_TRANSFERRED_AUTHORITY"));
    }

    @Test
    void aRelationshipIsOverExactlyOneSubject() {
        fixture.given(ESTABLISHED, COMMANDER_POST, OPERATIONS_POST)
                .when(new AssignCommandRelationship(CMCC, RelationshipId.of("r"), RelationshipType.OPCON, COMMANDER, OPERATIONS,
                        ContributionId.of("isf-idn")), Meta.on(ON))
                .expectException(violates("RELATIONSHIP_SUBJECT_INVALID"));
    }

    @Test
    void relationshipsAreRevokedOnceAndRevokingAgainRecordsNothing() {
        CommandRelationshipAssigned assigned =
                new CommandRelationshipAssigned(CMCC, RelationshipId.of("r1"), RelationshipType.OPCON, COMMANDER, OPERATIONS, null);
        fixture.given(ESTABLISHED, COMMANDER_POST, OPERATIONS_POST, assigned)
                .when(new RevokeCommandRelationship(CMCC, RelationshipId.of("r1"), "Reorganisation"), Meta.on(ON))
                .expectEvents(new CommandRelationshipRevoked(CMCC, RelationshipId.of("r1"), "Reorganisation"));
        fixture.given(ESTABLISHED, COMMANDER_POST, OPERATIONS_POST, assigned,
                        new CommandRelationshipRevoked(CMCC, RelationshipId.of("r1"), "Reorganisation"))
                .when(new RevokeCommandRelationship(CMCC, RelationshipId.of("r1"), "Again"), Meta.on(ON))
                .expectNoEvents();
        fixture.given(ESTABLISHED)
                .when(new RevokeCommandRelationship(CMCC, RelationshipId.of("never"), "?"), Meta.on(ON))
                .expectException(violates("RELATIONSHIP_NOT_FOUND"));
    }

    @Test
    void staffIsAttachedAndDetachedPerNation() {
        fixture.given(ESTABLISHED)
                .when(new AttachStaff(CMCC, USA, 200, "Center staff"), Meta.on(ON))
                .expectEvents(new StaffAttached(CMCC, USA, 200, "Center staff", 200));
        fixture.given(ESTABLISHED, new StaffAttached(CMCC, USA, 200, null, 200))
                .when(new DetachStaff(CMCC, USA, 50), Meta.on(ON))
                .expectEvents(new StaffDetached(CMCC, USA, 50, 150));
        fixture.given(ESTABLISHED, new StaffAttached(CMCC, USA, 200, null, 200))
                .when(new DetachStaff(CMCC, USA, 201), Meta.on(ON))
                .expectException(violates("DETACHMENT_EXCEEDS_ATTACHED"));
    }

    /** A nation's staff stays within the ledger's bound: as an int, its total had wrapped round to a negative number. */
    @Test
    void aNationsStaffStaysWithinTheLedgersBound() {
        fixture.given(ESTABLISHED, new StaffAttached(CMCC, USA, Personnel.MAX, null, Personnel.MAX))
                .when(new AttachStaff(CMCC, USA, 1, null), Meta.on(ON))
                .expectException(violates("PERSONNEL_LIMIT_EXCEEDED"));
        fixture.given(ESTABLISHED, new StaffAttached(CMCC, USA, Personnel.MAX - 1, null, Personnel.MAX - 1))
                .when(new AttachStaff(CMCC, USA, 1, null), Meta.on(ON))
                .expectEvents(new StaffAttached(CMCC, USA, 1, null, Personnel.MAX));
    }
}
