package org.coordination.ledger.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/events.md and docs/asyncapi.yaml say what the contract says: their generated parts are regenerated
 * from it ({@link EventDocs}) and must equal what is committed. After changing an event, rewrite them with
 * {@code ./mvnw -pl services/ledger -am test -Dtest=EventDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dledger.docs.write=true}.
 */
class EventDocsTest {

    static final String REWRITE = "./mvnw -pl services/ledger -am test -Dtest=EventDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dledger.docs.write=true";

    final EventDocs docs = new EventDocs();

    @Test
    void everyEventOfTheContractIsInAFamilyTheDocsList() {
        List<Class<?>> events = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.coordination.ledger.contract").stream().map(JavaClass::reflect)
                .filter(c -> LedgerEvent.class.isAssignableFrom(c) && c.isRecord()).toList();
        assertThat(events).hasSizeGreaterThan(40);
        assertThat(EventDocs.allEvents()).as("EventDocs.FAMILIES").containsExactlyInAnyOrderElementsOf(events);
    }

    @Test
    void everyEventIsProducedByACommand() {
        EventDocs.allEvents().forEach(event ->
                assertThat(docs.producingCommands(event)).as("commands whose handler constructs %s", event.getSimpleName()).isNotEmpty());
    }

    @Test
    void eventsMdIsGeneratedFromTheContract() throws IOException {
        Path file = RepositoryFiles.locate("docs/events.md");
        String committed = Files.readString(file);
        matchOrRewrite(file, committed, docs.eventsMd(committed));
    }

    @Test
    void asyncApiIsGeneratedFromTheContract() throws IOException {
        Path file = RepositoryFiles.locate("docs/asyncapi.yaml");
        String committed = Files.readString(file);
        matchOrRewrite(file, committed, docs.asyncApi(committed));
    }

    /** What stays hand-written in docs/asyncapi.yaml agrees with the contract: the key bindings and the kinds. */
    @Test
    @SuppressWarnings("unchecked")
    void theKeyOfEveryKindIsBoundAndTheHeadersNameEveryKind() throws IOException {
        Map<String, Object> doc;
        try (Reader reader = new StringReader(Files.readString(RepositoryFiles.locate("docs/asyncapi.yaml")))) {
            doc = new Yaml().load(reader);
        }
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Object> channel = (Map<String, Object>) ((Map<String, Object>) doc.get("channels")).get("ledgerEvents");
        assertThat(channel.get("address")).isEqualTo("coordination-ledger.events.v2");
        Map<String, Object> components = (Map<String, Object>) doc.get("components");
        // the record key is the stream, <Kind>:<id>, and ce_aggregatetype names the kind
        List<String> kinds = EventDocs.FAMILIES.stream().map(EventDocs::kind).toList();
        Map<String, Object> bindings = (Map<String, Object>) components.get("messageBindings");
        assertThat(bindings.keySet()).containsExactlyInAnyOrderElementsOf(kinds.stream().map(kind -> kind + "Key").toList());
        for (String kind : kinds) {
            Map<String, Object> key = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) bindings.get(kind + "Key")).get("kafka")).get("key");
            assertThat(kind + ":isf").matches((String) key.get("pattern"));
        }
        Map<String, Object> schemas = (Map<String, Object>) components.get("schemas");
        Map<String, Object> headers = (Map<String, Object>) ((Map<String, Object>) schemas.get("CloudEventHeaders")).get("properties");
        assertThat((List<String>) ((Map<String, Object>) headers.get("ce_aggregatetype")).get("enum")).containsExactlyInAnyOrderElementsOf(kinds);
    }

    @Test
    void aProducedByCellKeepsItsRemarksOnlyWhileItNamesTheSameCommands() {
        assertThat(EventDocs.commandsNamedIn("AppointLead (incumbent of a filled post), VacatePost")).containsExactly("AppointLead", "VacatePost");
        assertThat(EventDocs.commandsNamedIn("SatisfyCondition (mandate, consent policies)")).containsExactly("SatisfyCondition");
        assertThat(EventDocs.policyName("RulesOfEngagementPolicy")).isEqualTo("ROE policy");
        assertThat(EventDocs.policyName("MandatePolicy")).isEqualTo("mandate policy");
    }

    @Test
    void aSummaryIsTheJavadocsFirstSentenceInPlainText() {
        assertThat(EventDocs.firstSentence("The document a decision rests on, e.g. S/RES/2803 (2025).")).isEqualTo("The document a decision rests on, e.g. S/RES/2803 (2025).");
        assertThat(EventDocs.firstSentence("Life cycle of a pledge; blocked is a flag. Asked by everyone.")).isEqualTo("Life cycle of a pledge; blocked is a flag.");
        assertThat(EventDocs.plain("which state an event leaves ({@link #after}, {@link ContributionState#inPlay}, {@code null}, {@link Foo the foo})"))
                .isEqualTo("which state an event leaves (after, ContributionState.inPlay, null, the foo)");
    }

    private static void matchOrRewrite(Path file, String committed, String generated) throws IOException {
        if (Boolean.getBoolean("ledger.docs.write")) {
            Files.writeString(file, generated);
            return;
        }
        List<String> was = committed.lines().toList();
        List<String> is = generated.lines().toList();
        int line = 0;
        while (line < Math.min(was.size(), is.size()) && was.get(line).equals(is.get(line))) {
            line++;
        }
        assertThat(generated.equals(committed)).as("%s differs from what the contract says, from line %d:%n  committed: %s%n  generated: %s%n"
                        + "regenerate it with%n  %s", RepositoryFiles.locate("docs").relativize(file), line + 1,
                line < was.size() ? was.get(line) : "(end)", line < is.size() ? is.get(line) : "(end)", REWRITE)
                .isTrue();
    }
}
