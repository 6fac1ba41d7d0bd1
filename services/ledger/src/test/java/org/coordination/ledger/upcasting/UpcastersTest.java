package org.coordination.ledger.upcasting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.junit.jupiter.api.Test;

/** The storage engines' upcaster chain reads a pledge of revision 1 as revision 2 and leaves every other event alone. */
class UpcastersTest {

    static final String REVISION_1 = """
            {"contributionId":"isf-idn","forceId":"isf","nation":"IDN",
             "units":[{"requirementLine":"infantry","type":"Infantry battalion","personnel":600},
                      {"requirementLine":"medical","type":"Field hospital","personnel":100}],
             "personnel":700,"readiness":"L2","conditions":[],"authorityOffered":"OPCON","state":"OFFERED"}""";

    final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
            .build();

    IntermediateEventRepresentation stored(String type, String revision, String payload) {
        return new InitialEventRepresentation(new GenericDomainEventEntry<>("Contribution", "isf-idn", 0, "e-1", Instant.EPOCH,
                type, revision, payload.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)), serializer);
    }

    @Test
    void aPledgeOfRevision1IsReadAsRevision2() throws Exception {
        List<IntermediateEventRepresentation> read = Upcasters.chain()
                .upcast(Stream.of(stored(ContributionPledged.class.getName(), "1", REVISION_1))).toList();
        assertThat(read).hasSize(1);
        SerializedObject<JsonNode> payload = read.get(0).getData(JsonNode.class);
        assertThat(payload.getType()).isEqualTo(new SimpleSerializedType(ContributionPledged.class.getName(), "2"));
        assertThat(payload.getData().has("personnel")).isFalse();
        ContributionPledged pledge = serializer.deserialize(payload);
        assertThat(pledge.personnel()).isEqualTo(700);
        assertThat(pledge.units()).containsExactly(new ContributedUnit(RequirementLineId.of("infantry"), "Infantry battalion", 600, null),
                new ContributedUnit(RequirementLineId.of("medical"), "Field hospital", 100, null));
    }

    @Test
    void eventsAtTheirCurrentRevisionPassUntouched() {
        IntermediateEventRepresentation pledge = stored(ContributionPledged.class.getName(), "2", "{\"units\":[]}");
        IntermediateEventRepresentation staff = stored(StaffAttached.class.getName(), "1", "{}");
        assertThat(Upcasters.chain().upcast(Stream.of(pledge, staff)).toList()).containsExactly(pledge, staff);
    }

    @Test
    void aPledgeOfRevision1WhoseUnitsDoNotAddUpFailsWhenRead() {
        IntermediateEventRepresentation edited = stored(ContributionPledged.class.getName(), "1", REVISION_1.replace("\"personnel\":700", "\"personnel\":900"));
        IntermediateEventRepresentation read = Upcasters.chain().upcast(Stream.of(edited)).toList().get(0);
        assertThatThrownBy(() -> read.getData(JsonNode.class).getData())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offers 900 personnel but its units add up to 700");
    }
}
