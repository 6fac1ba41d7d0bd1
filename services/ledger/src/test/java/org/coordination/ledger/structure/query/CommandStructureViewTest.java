package org.coordination.ledger.structure.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.RelationshipId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.CommandRelationshipAssigned;
import org.coordination.ledger.contract.structure.CommandRelationshipRevoked;
import org.coordination.ledger.contract.structure.CommandStructureEstablished;
import org.coordination.ledger.contract.structure.Eligibility;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.coordination.ledger.contract.structure.PostEstablished;
import org.coordination.ledger.contract.structure.RelationshipType;
import org.coordination.ledger.contract.structure.ServiceLine;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.coordination.ledger.contract.structure.StaffDetached;
import org.coordination.ledger.testsupport.ViewFixture;
import org.junit.jupiter.api.Test;

/**
 * The command structure: posts as a tree, office holders, relationships in force, staff per nation (the tenures,
 * kept apart, in {@link PostTenuresTest}).
 */
class CommandStructureViewTest {

    static final StructureId CMCC = StructureId.of("cmcc");
    static final PostId LEAD = PostId.of("military-lead");
    static final PostId DEPUTY = PostId.of("deputy");
    static final Appointee COOPER = new Appointee("Brad Cooper", "Admiral", Nation.of("USA"), "CENTCOM", ServiceLine.MILITARY);
    static final Appointee SMITH = new Appointee("Jane Smith", "General", Nation.of("USA"), "CENTCOM", ServiceLine.MILITARY);
    static final Instant OCT_17 = Instant.parse("2025-10-17T00:00:00Z");
    static final Instant DEC_1 = Instant.parse("2025-12-01T00:00:00Z");

    static PostEstablished post(PostId id, PostId parent) {
        return new PostEstablished(CMCC, id, id.value(), ServiceLine.MILITARY, parent, "Secretary of War", "CENTCOM", Eligibility.ANY);
    }

    @Test
    void postsFormATreeWithHolders() {
        ViewFixture<CommandStructureView> fixture = ViewFixture.of(CommandStructureView.TYPE)
                .given(new CommandStructureEstablished(CMCC, "Civil-Military Coordination Center", Nation.of("USA"), "Kiryat Gat"),
                        post(LEAD, null), post(DEPUTY, LEAD))
                .citing("DoW order 2025-117")
                .given(new LeadAppointed(CMCC, LEAD, COOPER, "Secretary of War", "CENTCOM", OCT_17))
                .citing(null)
                .given(new LeadRelieved(CMCC, LEAD, COOPER, "relieved on the appointment of a successor", DEC_1),
                        new LeadAppointed(CMCC, LEAD, SMITH, "Secretary of War", "CENTCOM", DEC_1));
        CommandStructureView.Tenure cooper = new CommandStructureView.Tenure("Brad Cooper", "Admiral", "USA", OCT_17, DEC_1, "relieved");
        CommandStructureView.Response response = fixture.document("cmcc").toResponse(null, Map.of("military-lead", List.of(cooper)));
        assertThat(response.posts()).extracting(CommandStructureView.PostNode::postId).containsExactly("military-lead");
        CommandStructureView.PostNode lead = response.posts().get(0);
        assertThat(lead.subordinates()).extracting(CommandStructureView.PostNode::postId).containsExactly("deputy");
        assertThat(lead.holder().name()).isEqualTo("Jane Smith");
        assertThat(lead.tenures()).as("the tenures read beside the document, by post").containsExactly(cooper);
        assertThat(lead.subordinates().get(0).tenures()).isEmpty();
        assertThat(fixture.json("cmcc").toString()).as("the document keeps no tenures").doesNotContain("\"tenures\"");
        assertThat(fixture.document("cmcc").version()).isEqualTo(5);
    }

    @Test
    void relationshipsInForceAndStaffPerNation() {
        ViewFixture<CommandStructureView> fixture = ViewFixture.of(CommandStructureView.TYPE)
                .given(new CommandStructureEstablished(CMCC, "CMCC", Nation.of("USA"), "Kiryat Gat"), post(LEAD, null),
                        new CommandRelationshipAssigned(CMCC, RelationshipId.of("r1"), RelationshipType.OPCON, LEAD, null,
                                ContributionId.of("isf-idn")),
                        new StaffAttached(CMCC, Nation.of("USA"), 5, "planners", 5),
                        new StaffAttached(CMCC, Nation.of("GBR"), 2, "liaison", 2),
                        new StaffDetached(CMCC, Nation.of("GBR"), 2, 0));
        CommandStructureView.Response response = fixture.document("cmcc").toResponse(null, Map.of());
        assertThat(response.relationships()).extracting(CommandStructureView.Relationship::contingentId).containsExactly("isf-idn");
        assertThat(response.posts().get(0).relationships()).hasSize(1);
        assertThat(response.staff()).containsOnlyKeys("USA");
        assertThat(response.staffTotal()).isEqualTo(5);

        fixture.given(new CommandRelationshipRevoked(CMCC, RelationshipId.of("r1"), "withdrawn"));
        assertThat(fixture.document("cmcc").toResponse(null, Map.of()).relationships()).isEmpty();
    }

    @Test
    void aBackDatedAppointmentToAPostRecordedLaterShowsWhatIsKnown() {
        ViewFixture<CommandStructureView> fixture = ViewFixture.of(CommandStructureView.TYPE)
                .givenAt(OCT_17, new CommandStructureEstablished(CMCC, "CMCC", Nation.of("USA"), "Kiryat Gat"))
                .givenAt(DEC_1, post(LEAD, null))
                .givenAt(OCT_17.plusSeconds(3600), new LeadAppointed(CMCC, LEAD, COOPER, "Secretary of War", "CENTCOM", OCT_17));
        CommandStructureView asOfNovember = fixture.asOf("cmcc", Instant.parse("2025-11-01T00:00:00Z")).orElseThrow();
        assertThat(asOfNovember.toResponse(null, Map.of()).posts()).extracting(p -> p.holder().name()).containsExactly("Brad Cooper");
        assertThat(fixture.asOf("cmcc", OCT_17.minusSeconds(1))).isEmpty();
    }
}
