package org.coordination.ledger.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.coordination.ledger.contract.common.LedgerCommand;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.junit.jupiter.api.Test;

/** The contract is what subscribers depend on: framework-light, versioned, shaped the same everywhere. */
class ContractArchitectureTest {

    static final JavaClasses CONTRACT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.coordination.ledger.contract");

    @Test
    void theContractDependsOnNeitherSpringNorJpa() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.persistence..", "org.hibernate..", "javax.persistence..")
                .check(CONTRACT);
    }

    @Test
    void everyEventIsAnImmutableRecordWithARevision() {
        classes().that().implement(LedgerEvent.class).and().areNotInterfaces()
                .should().beRecords()
                .andShould().beAnnotatedWith(Revision.class)
                .check(CONTRACT);
    }

    @Test
    void everyCommandIsARecordNamingItsTargetAggregateFirst() throws NoSuchFieldException {
        classes().that().implement(LedgerCommand.class).and().areNotInterfaces()
                .should().beRecords()
                .check(CONTRACT);
        List<Class<?>> commands = CONTRACT.stream()
                .map(JavaClass::reflect)
                .filter(c -> LedgerCommand.class.isAssignableFrom(c) && c.isRecord())
                .toList();
        assertThat(commands).hasSizeGreaterThan(40);
        for (Class<?> command : commands) {
            RecordComponent first = command.getRecordComponents()[0];
            assertThat(command.getDeclaredField(first.getName()).isAnnotationPresent(TargetAggregateIdentifier.class))
                    .as("%s marks its first component %s as @TargetAggregateIdentifier", command.getSimpleName(), first.getName())
                    .isTrue();
        }
    }

    @Test
    void commandsAreImperativeAndEventsPastTense() {
        classes().that().implement(LedgerEvent.class).and().areNotInterfaces()
                .should().haveNameMatching(".*\\.[A-Za-z]*(ed|Set|Withdrawn)$") // past participles
                .check(CONTRACT);
        classes().that().implement(LedgerCommand.class).and().areNotInterfaces()
                .should().haveSimpleNameNotEndingWith("ed")
                .check(CONTRACT);
    }
}
