package org.coordination.ledger;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.UUID;
import org.axonframework.spring.stereotype.Aggregate;
import org.axonframework.spring.stereotype.Saga;
import org.junit.jupiter.api.Test;

/**
 * Keeps the design visible: handlers stay deterministic, aggregates and policies stay where their concept lives,
 * and the packages form layers without cycles (docs/architecture.md, "Modules and packages").
 */
class ArchitectureTest {

    static final String ROOT = "org.coordination.ledger";
    static final String[] EDGES = packages("web", "security", "audit", "publishing", "monitoring", "console");
    static final String[] FEATURES = packages("mandate", "force", "contribution", "consent", "structure", "humanitarian",
            "timeline", "alert");
    static final String[] KERNELS = packages("readmodel", "commandbus", "problem", "lookup", "rules", "provenance", "eventstore",
            "upcasting", "transparency");

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

    /*
     * The package graph. Kernels (the read-model store, the command bus's interceptors, problem documents, the
     * lookup, rules, provenance, the event store, the Merkle log) lie below the features (each concept's command, policy and query
     * side, timeline, alerts), which lie below the edges (HTTP commands, security, audit, Kafka), which lie below
     * the composition root (LedgerApplication, config). Imports go downwards only.
     *
     * No cycle is left: each feature registers its own views with the read-model kernel, which names none of them.
     */

    @Test
    void topLevelPackagesFormNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(LEDGER);
    }

    /** Catches cycles inside a concept, and between concepts' query sides (structure.query → force.query → mandate.query). */
    @Test
    void noTwoPackagesFormACycle() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(LEDGER);
    }

    @Test
    void kernelsBelowFeaturesBelowEdges() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Root").definedBy(ROOT, ROOT + ".config..")
                .layer("Edges").definedBy(EDGES)
                .layer("Features").definedBy(FEATURES)
                .layer("Kernels").definedBy(KERNELS)
                .layer("Contract").definedBy(ROOT + ".contract..")
                .whereLayer("Root").mayNotBeAccessedByAnyLayer()
                .whereLayer("Edges").mayOnlyBeAccessedByLayers("Root")
                .whereLayer("Features").mayOnlyBeAccessedByLayers("Edges", "Root")
                .whereLayer("Kernels").mayOnlyBeAccessedByLayers("Features", "Edges", "Root")
                .because("the HTTP edge must not sit under the domain again, nor a kernel depend on a feature")
                .check(LEDGER);
    }

    /** The edges are independent of each other; the HTTP command endpoint alone uses security's actor and roles. */
    @Test
    void edgesDoNotUseEachOther() {
        for (String edge : EDGES) {
            String[] others = Arrays.stream(EDGES)
                    .filter(other -> !other.equals(edge) && !(edge.equals(ROOT + ".web..") && other.equals(ROOT + ".security..")))
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(edge).should().dependOnClassesThat().resideInAnyPackage(others).check(LEDGER);
        }
    }

    private static String[] packages(String... names) {
        return Arrays.stream(names).map(name -> ROOT + "." + name + "..").toArray(String[]::new);
    }
}
