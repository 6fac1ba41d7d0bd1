package org.coordination.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.junit.jupiter.api.Test;

/** docs/events.md is the catalogue subscribers read; it cannot drift from the contract. */
class EventCatalogueTest {

    @Test
    void everyEventOfTheContractIsCataloguedWithItsRevisionAndFields() throws IOException {
        List<String> catalogue = Files.readAllLines(RepositoryFiles.locate("docs/events.md"));
        List<Class<?>> events = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.coordination.ledger.contract").stream()
                .map(JavaClass::reflect)
                .filter(c -> LedgerEvent.class.isAssignableFrom(c) && c.isRecord())
                .toList();
        assertThat(events).hasSizeGreaterThan(40);
        for (Class<?> event : events) {
            String revision = event.getAnnotation(Revision.class).value();
            Optional<String> row = catalogue.stream()
                    .filter(line -> line.startsWith("| `" + event.getSimpleName() + "` | " + revision + " |"))
                    .findFirst();
            assertThat(row).as("docs/events.md lists %s revision %s", event.getSimpleName(), revision).isPresent();
            for (RecordComponent field : event.getRecordComponents()) {
                assertThat(row.get()).as("the row of %s names field %s", event.getSimpleName(), field.getName())
                        .contains("`" + field.getName() + "`");
            }
        }
    }
}
