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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the wire format: for every event and revision, a JSON fixture (src/test/resources/fixtures,
 * {@code <Event>.v<revision>.json}) reads into the record without loss and writes back identically.
 * A renamed field, a changed type or a new field without a new revision fails here before any
 * subscriber notices.
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
}
