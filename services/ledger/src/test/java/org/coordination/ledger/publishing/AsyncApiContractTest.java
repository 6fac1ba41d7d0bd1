package org.coordination.ledger.publishing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docs/asyncapi.yaml and the contract module cannot drift: the same events, the same fields, the same CloudEvents types. */
class AsyncApiContractTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyEventOfTheContractIsDescribedWithTheSameFields() throws Exception {
        Map<String, Object> doc;
        try (Reader reader = Files.newBufferedReader(RepositoryFiles.locate("docs/asyncapi.yaml"))) {
            doc = new Yaml().load(reader);
        }
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Object> channel = (Map<String, Object>) ((Map<String, Object>) doc.get("channels")).get("ledgerEvents");
        assertThat(channel.get("address")).isEqualTo("coordination-ledger.events.v2");
        Map<String, Object> components = (Map<String, Object>) doc.get("components");
        Map<String, Object> messages = (Map<String, Object>) components.get("messages");
        Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");

        List<Class<?>> events = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.coordination.ledger.contract").stream().map(JavaClass::reflect)
                .filter(c -> LedgerEvent.class.isAssignableFrom(c) && c.isRecord()).toList();
        assertThat(messages.keySet()).containsExactlyInAnyOrderElementsOf(events.stream().map(Class::getSimpleName).toList());
        assertThat(((Map<String, Object>) channel.get("messages")).keySet()).containsExactlyInAnyOrderElementsOf(messages.keySet());
        for (Class<?> event : events) {
            Map<String, Object> message = (Map<String, Object>) messages.get(event.getSimpleName());
            assertThat(message.get("x-cloudevents-type")).isEqualTo(LedgerCloudEvents.type(event));
            Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) schemas.get(event.getSimpleName())).get("properties");
            assertThat(properties.keySet()).as("fields of %s", event.getSimpleName())
                    .containsExactlyElementsOf(Arrays.stream(event.getRecordComponents()).map(c -> c.getName()).toList());
            String kind = kind(event);
            assertThat(((Map<String, Object>) message.get("bindings")).get("$ref")).as("the key of %s", event.getSimpleName())
                    .isEqualTo("#/components/messageBindings/" + kind + "Key");
        }

        // the record key is the stream, <Kind>:<id>, and ce_aggregatetype names the kind
        Map<String, Object> bindings = (Map<String, Object>) components.get("messageBindings");
        List<String> kinds = events.stream().map(AsyncApiContractTest::kind).distinct().toList();
        assertThat(bindings.keySet()).containsExactlyInAnyOrderElementsOf(kinds.stream().map(kind -> kind + "Key").toList());
        for (String kind : kinds) {
            Map<String, Object> key = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) bindings.get(kind + "Key")).get("kafka")).get("key");
            assertThat(kind + ":isf").matches((String) key.get("pattern"));
        }
        Map<String, Object> headers = (Map<String, Object>) ((Map<String, Object>) schemas.get("CloudEventHeaders")).get("properties");
        assertThat((List<String>) ((Map<String, Object>) headers.get("ce_aggregatetype")).get("enum")).containsExactlyInAnyOrderElementsOf(kinds);
    }

    /** The aggregate kind of an event: its sealed interface without "Event" ({@code ForceEvent} → {@code Force}). */
    static String kind(Class<?> event) {
        return Arrays.stream(event.getInterfaces()).filter(LedgerEvent.class::isAssignableFrom).filter(i -> i != LedgerEvent.class)
                .map(i -> i.getSimpleName().replaceFirst("Event$", "")).findFirst().orElseThrow();
    }
}
