package org.coordination.ledger.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.revision.ContributionPledgedRevision1;
import org.coordination.ledger.contract.revision.EventRevisions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the wire format: for every event and revision, a JSON fixture (src/test/resources/fixtures,
 * {@code <Event>.v<revision>.json}) reads into the record without loss and writes back identically.
 * A renamed field, a changed type or a new field without a new revision fails here before any
 * subscriber notices. The fixture of an earlier revision reads into the record of its shape
 * ({@link EventRevisions#STEPS}) and, through the steps, into the current record.
 */
class WireFormatTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    static Stream<Class<?>> events() {
        List<Class<?>> events = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.coordination.ledger.contract").stream()
                .map(JavaClass::reflect)
                .filter(c -> LedgerEvent.class.isAssignableFrom(c) && c.isRecord())
                .toList();
        assertThat(events).hasSizeGreaterThan(40);
        return events.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void theFixtureOfEveryEventRevisionRoundTrips(Class<?> event) throws Exception {
        String fixture = "/fixtures/" + event.getSimpleName() + ".v" + event.getAnnotation(Revision.class).value() + ".json";
        try (InputStream in = WireFormatTest.class.getResourceAsStream(fixture)) {
            assertThat(in).as("a wire-format fixture %s", fixture).isNotNull();
            JsonNode expected = JSON.readTree(in);
            Object read = JSON.treeToValue(expected, event);
            JsonNode written = JSON.valueToTree(read);
            assertThat(written).as("%s written back", event.getSimpleName()).isEqualTo(expected);
            assertThat(List.of(event.getRecordComponents())).extracting(c -> c.getName())
                    .as("every field of %s is pinned by its fixture", event.getSimpleName())
                    .allMatch(expected::has);
        }
    }

    static Stream<EventRevisions.Step> steps() {
        return EventRevisions.STEPS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("steps")
    void theFixtureOfEveryEarlierRevisionRoundTripsInItsShapeAndReadsAsTheCurrentOne(EventRevisions.Step step) throws Exception {
        JsonNode stored = fixture(step.event().getSimpleName() + ".v" + step.revision());
        JsonNode writtenBack = JSON.valueToTree(JSON.treeToValue(stored, step.shape()));
        assertThat(writtenBack).as("revision %s written back", step.revision()).isEqualTo(stored);
        JsonNode upcast = EventRevisions.toCurrent(step.event(), step.revision(), stored);
        JsonNode readAsCurrent = JSON.valueToTree(JSON.treeToValue(upcast, step.event()));
        assertThat(readAsCurrent).as("revision %s read as the current record without loss", step.revision()).isEqualTo(upcast);
        assertThat(stored).as("the steps leave what was stored as it was").isEqualTo(fixture(step.event().getSimpleName() + ".v" + step.revision()));
    }

    @Test
    void aPledgeOfRevision1MeansTheSameAsRevision2WithoutRotations() throws Exception {
        JsonNode stored = fixture("ContributionPledged.v1");
        ContributionPledgedRevision1 before = JSON.treeToValue(stored, ContributionPledgedRevision1.class);
        ContributionPledged after = JSON.treeToValue(EventRevisions.toCurrent(ContributionPledged.class, "1", stored), ContributionPledged.class);
        assertThat(after.personnel()).isEqualTo(before.personnel()).isEqualTo(12);
        assertThat(after.units()).containsExactly(new ContributedUnit(RequirementLineId.of("infantry"), "text", 12, null));
        assertThat(List.of(after.contributionId(), after.forceId(), after.nation(), after.readiness(), after.conditions(),
                after.authorityOffered(), after.state()))
                .isEqualTo(List.of(before.contributionId(), before.forceId(), before.nation(), before.readiness(), before.conditions(),
                        before.authorityOffered(), before.state()));
        JsonNode written = JSON.valueToTree(after);
        assertThat(written.has("personnel")).as("revision 2 does not store the sum").isFalse();
    }

    @Test
    void aPledgeOfRevision1WhoseSumIsNotItsUnitsIsRefusedNotRewritten() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode stored = (com.fasterxml.jackson.databind.node.ObjectNode) fixture("ContributionPledged.v1");
        stored.put("personnel", 13);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventRevisions.toCurrent(ContributionPledged.class, "1", stored))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offers 13 personnel but its units add up to 12");
    }

    @Test
    void aRevisionWithoutAStepIsNamedNotGuessed() throws Exception {
        JsonNode stored = fixture("ContributionPledged.v2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventRevisions.toCurrent(ContributionPledged.class, "3", stored))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ContributionPledged of revision 3 cannot be read");
        assertThat(EventRevisions.toCurrent(ContributionPledged.class, "2", stored)).isSameAs(stored);
    }

    static JsonNode fixture(String name) throws Exception {
        try (InputStream in = WireFormatTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            assertThat(in).as("a wire-format fixture %s", name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
