package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import org.axonframework.serialization.json.JacksonSerializer;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.junit.jupiter.api.Test;

/** The read side's own reader (as-of reads, bulk rebuilds and catch-ups) reads a pledge of revision 1 as revision 2. */
class StoredEventDecoderTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    static final String PLEDGED = ContributionPledged.class.getName();
    static final String REVISION_1 = """
            {"contributionId":"isf-idn","forceId":"isf","nation":"IDN",
             "units":[{"requirementLine":"infantry","type":"Infantry battalion","personnel":600},
                      {"requirementLine":"medical","type":"Field hospital","personnel":100}],
             "personnel":700,"readiness":"L2","conditions":[],"authorityOffered":"OPCON","state":"OFFERED"}""";

    final StoredEventDecoder decoder = new StoredEventDecoder(JacksonSerializer.builder().objectMapper(JSON).build());

    @Test
    void aPledgeOfRevision1IsReadAsRevision2AndItsJsonIsRevision2s() throws Exception {
        StoredEventDecoder.Decoded decoded = decoder.payload(PLEDGED, "1", REVISION_1.getBytes(StandardCharsets.UTF_8));
        ContributionPledged pledge = (ContributionPledged) decoded.event();
        assertThat(pledge.personnel()).isEqualTo(700);
        assertThat(pledge.units()).allSatisfy(unit -> assertThat(unit.rotation()).isNull());
        // what the publisher sends for it: the JSON of revision 2, not the stored bytes
        JsonNode published = JSON.readTree(decoded.json());
        JsonNode expected = JSON.valueToTree(pledge);
        assertThat(published).isEqualTo(expected);
        assertThat(published.has("personnel")).isFalse();
    }

    @Test
    void anEventAtItsCurrentRevisionKeepsItsStoredBytes() {
        byte[] stored = "{\"contributionId\":\"isf-idn\",\"units\":[]}".getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.payload(PLEDGED, "2", stored).json()).isSameAs(stored);
    }

    @Test
    void aRevisionThisReleaseCannotReadIsNamed() {
        assertThatThrownBy(() -> decoder.payload(PLEDGED, "3", "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ContributionPledged of revision 3 cannot be read");
    }
}
