package org.coordination.ledger;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import org.junit.jupiter.api.Test;

/** Keeps the design visible: handlers stay deterministic, aggregates and policies stay where their concept lives. */
class ArchitectureTest {

    static final JavaClasses LEDGER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.coordination.ledger");

    @Test
    void commandHandlersAndPoliciesReadNoClockAndDrawNoRandomIds() {
        noClasses().that().resideInAnyPackage("..command..", "..policy..")
                .should().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
                .because("fixtures compare events by equality and replays must decide the same way")
                .check(LEDGER);
    }

    @Test
    void aggregatesLiveInTheCommandSideOfTheirConcept() {
        classes().that().areAnnotatedWith(Aggregate.class)
                .should().resideInAPackage("org.coordination.ledger.*.command")
                .andShould().notBePublic()
                .check(LEDGER);
    }

    @Test
    void policiesLiveInThePolicyPackageOfTheirConcept() {
        classes().that().areAnnotatedWith(Saga.class)
                .should().resideInAPackage("org.coordination.ledger.*.policy")
                .andShould().haveSimpleNameEndingWith("Policy")
                .check(LEDGER);
    }

    @Test
    void theCommandSideDoesNotDependOnReadModels() {
        noClasses().that().resideInAPackage("..command..")
                .should().dependOnClassesThat().resideInAnyPackage("..query..", "..web..")
                .check(LEDGER);
    }

    @Test
    void conceptsDoNotReachIntoEachOthersCommandSide() {
        for (String concept : new String[] {"mandate", "force", "contribution", "consent", "structure", "humanitarian"}) {
            noClasses().that().resideOutsideOfPackage("org.coordination.ledger." + concept + "..")
                    .should().dependOnClassesThat().resideInAPackage("org.coordination.ledger." + concept + ".command..")
                    .check(LEDGER);
        }
    }
}
