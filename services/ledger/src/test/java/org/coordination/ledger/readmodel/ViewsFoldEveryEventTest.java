package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;

/**
 * What a new event must change, named before anything runs. Every {@link Fold} in the service (each
 * view's folds, the alert rules) folds through a pattern-matching switch without {@code default} over
 * its sealed family, so a new event fails the compilation of every one that does not yet say what the
 * event does to it ({@link FoldTest} shows the compiler's refusal). This test finds the folds by scanning
 * the service's classes, so no registry lists them, and checks what the compiler cannot: that each
 * kind of document is registered by its own feature, that every event family has a document, and that
 * views read nothing but the event.
 */
class ViewsFoldEveryEventTest {

    static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.coordination.ledger");

    /** Every static field of type {@link ViewType} or {@link Fold}, by class. */
    static Map<JavaClass, List<JavaField>> foldFields() {
        Map<JavaClass, List<JavaField>> found = new LinkedHashMap<>();
        for (JavaClass type : SERVICE) {
            for (JavaField field : type.getFields()) {
                if (field.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.STATIC)
                        && (field.getRawType().isEquivalentTo(ViewType.class) || field.getRawType().isEquivalentTo(Fold.class))) {
                    found.computeIfAbsent(type, t -> new ArrayList<>()).add(field);
                }
            }
        }
        return found;
    }

    @Test
    void everyTargetFoldsThroughAFold() {
        assertThat(foldFields().keySet()).extracting(JavaClass::getSimpleName)
                .contains("ForceView", "MandateView", "ConsentRegisterView", "HumanitarianCoalitionView", "CommandStructureView",
                        "AlertConsumer");
    }

    /**
     * The compiler checks a switch for every event only when nothing catches the rest: a {@code default}, or a
     * case for a whole family, would silence it. The sources of the classes that hold folds have neither.
     */
    @Test
    void noFoldSilencesTheCompilerWithACatchAll() throws java.io.IOException {
        List<String> families = List.of("LedgerEvent", "ContributionEvent", "ForceEvent", "MandateEvent", "ConsentRegisterEvent",
                "CommandStructureEvent", "HumanitarianCoalitionEvent");
        assertThat(foldFields()).isNotEmpty();
        for (JavaClass owner : foldFields().keySet()) {
            String outer = owner.getName().replaceFirst("\\$.*", "");
            java.nio.file.Path source = java.nio.file.Path.of("src/main/java", outer.replace('.', '/') + ".java");
            String text = java.nio.file.Files.readString(source);
            assertThat(text).as(source + " has no default in a switch").doesNotContainPattern("\\bdefault\\s*(->|:)");
            for (String family : families) {
                assertThat(text).as(source + " has no case for the whole " + family).doesNotContainPattern("case\\s+" + family + "\\b");
            }
        }
    }

    @Test
    void everyViewTypeIsRegisteredByItsFeature() throws Exception {
        List<String> unregistered = new ArrayList<>();
        for (Map.Entry<JavaClass, List<JavaField>> entry : foldFields().entrySet()) {
            for (JavaField field : entry.getValue()) {
                if (!field.getRawType().isEquivalentTo(ViewType.class)) {
                    continue;
                }
                Class<?> view = Class.forName(entry.getKey().getName());
                boolean registered = SERVICE.stream()
                        .filter(c -> c.getPackageName().equals(entry.getKey().getPackageName()))
                        .map(c -> load(c.getName()))
                        .flatMap(c -> java.util.Arrays.stream(c.getDeclaredMethods()))
                        .anyMatch(m -> m.isAnnotationPresent(Bean.class) && returnsViewTypeOf(m, view));
                if (!registered) {
                    unregistered.add(view.getSimpleName() + "." + field.getName());
                }
            }
        }
        assertThat(unregistered).as("view types no @Bean of their own package registers").isEmpty();
    }

    @Test
    void everyEventFamilyHasADocument() throws Exception {
        Set<String> families = new TreeSet<>();
        for (JavaClass type : new ClassFileImporter().importPackages("org.coordination.ledger.contract")) {
            Class<?> loaded = load(type.getName());
            if (loaded.isInterface() && loaded.isSealed() && LedgerEvent.class.isAssignableFrom(loaded)) {
                families.add(loaded.getSimpleName());
            }
        }
        Set<String> folded = new TreeSet<>();
        for (Map.Entry<JavaClass, List<JavaField>> entry : foldFields().entrySet()) {
            for (JavaField field : entry.getValue()) {
                if (field.getRawType().isEquivalentTo(ViewType.class)) {
                    Field f = load(entry.getKey().getName()).getDeclaredField(field.getName());
                    f.setAccessible(true);
                    ((ViewType<?>) f.get(null)).folds().forEach(fold -> folded.add(fold.family().getSimpleName()));
                }
            }
        }
        assertThat(folded).as("event families folded into some document").isEqualTo(families);
    }

    @Test
    void viewsArePureFolds() {
        com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses().that().implement(View.class)
                .should().dependOnClassesThat().areAssignableTo(org.springframework.jdbc.core.JdbcTemplate.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.time.Clock.class)
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .because("a view reads only the event and its metadata, so live, rebuilt and as-of documents agree")
                .check(SERVICE);
    }

    private static boolean returnsViewTypeOf(Method method, Class<?> view) {
        return method.getReturnType() == ViewType.class && !Modifier.isStatic(method.getModifiers())
                && method.getGenericReturnType() instanceof ParameterizedType p && p.getActualTypeArguments()[0] == view;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
