package org.coordination.ledger.structure.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.coordination.ledger.structure.query.CommandStructureViewTest.CMCC;
import static org.coordination.ledger.structure.query.CommandStructureViewTest.COOPER;
import static org.coordination.ledger.structure.query.CommandStructureViewTest.DEC_1;
import static org.coordination.ledger.structure.query.CommandStructureViewTest.DEPUTY;
import static org.coordination.ledger.structure.query.CommandStructureViewTest.LEAD;
import static org.coordination.ledger.structure.query.CommandStructureViewTest.OCT_17;
import static org.coordination.ledger.structure.query.CommandStructureViewTest.SMITH;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.structure.Appointee;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.testsupport.RecordedWrites;
import org.junit.jupiter.api.Test;

/** A post's tenures: a row per appointment and relief, paired into tenures when the structure is read. */
class PostTenuresTest {

    static final Instant RECORDED = Instant.parse("2025-12-03T09:00:00Z");

    @Test
    void anAppointmentAndAReliefAreARowEachWithTheirTimes() {
        RecordedWrites writes = new RecordedWrites("post_tenure_event");
        TenureConsumer consumer = new TenureConsumer();
        consumer.handle(envelope(7, 3, OCT_17, new LeadAppointed(CMCC, LEAD, COOPER, "Secretary of War", "CENTCOM", OCT_17)), writes);
        consumer.handle(envelope(9, 4, DEC_1.minusSeconds(60), new LeadRelieved(CMCC, LEAD, COOPER, "rotation", DEC_1)), writes);
        consumer.handle(envelope(11, 5, DEC_1, new StaffAttached(CMCC, Nation.of("USA"), 5, "planners", 5)), writes);

        assertThat(writes.now).as("the rows go with the batch's others").isEmpty();
        assertThat(writes.inserted).as("staff attached opens no tenure").hasSize(2);
        assertThat(writes.inserted.get(0).columns()).isEqualTo(TenureConsumer.COLUMNS);
        assertThat(writes.inserted.get(0).values()).containsExactly(7L, "cmcc", 3L, "military-lead", "APPOINTED",
                Timestamp.from(OCT_17), Timestamp.from(RECORDED), Timestamp.from(OCT_17), "Brad Cooper", "Admiral", "USA", null);
        assertThat(writes.inserted.get(1).values()).as("the relief's own date, apart from the event's effective time")
                .containsExactly(9L, "cmcc", 4L, "military-lead", "RELIEVED", Timestamp.from(DEC_1.minusSeconds(60)),
                        Timestamp.from(RECORDED), Timestamp.from(DEC_1), null, null, null, "rotation");
    }

    @Test
    void aReliefClosesThePostsLatestTenureAndAnAppointmentOpensOne() {
        var tenures = PostTenures.fold(List.of(
                appointed(LEAD, COOPER, OCT_17),
                appointed(DEPUTY, SMITH, OCT_17),
                new PostTenures.Change("military-lead", PostTenures.RELIEVED, DEC_1, null, null, null, "successor appointed"),
                appointed(LEAD, SMITH, DEC_1)));

        assertThat(tenures).containsOnlyKeys("military-lead", "deputy");
        assertThat(tenures.get("military-lead")).extracting(CommandStructureView.Tenure::name, CommandStructureView.Tenure::from,
                        CommandStructureView.Tenure::to, CommandStructureView.Tenure::relievedBecause)
                .containsExactly(tuple("Brad Cooper", OCT_17, DEC_1, "successor appointed"), tuple("Jane Smith", DEC_1, null, null));
        assertThat(tenures.get("deputy")).extracting(CommandStructureView.Tenure::name, CommandStructureView.Tenure::to)
                .containsExactly(tuple("Jane Smith", null));
    }

    @Test
    void aReliefOfAPostNeverFilledLeavesNoTenure() {
        assertThat(PostTenures.fold(List.of(new PostTenures.Change("deputy", PostTenures.RELIEVED, DEC_1, null, null, null, "x"))))
                .containsOnlyKeys("deputy").allSatisfy((post, tenures) -> assertThat(tenures).isEmpty());
    }

    static PostTenures.Change appointed(PostId post, Appointee appointee, Instant at) {
        return new PostTenures.Change(post.value(), PostTenures.APPOINTED, at, appointee.name(), appointee.titleOrRank(),
                appointee.nationality().value(), null);
    }

    static EventEnvelope envelope(long globalIndex, long sequence, Instant effective, LedgerEvent event) {
        return new EventEnvelope(event, globalIndex, "e-" + globalIndex, "CommandStructure", "cmcc", sequence, effective, RECORDED,
                "coordinator", "COORDINATOR", null);
    }
}
