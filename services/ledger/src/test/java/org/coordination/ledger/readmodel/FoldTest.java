package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.force.ForceActivated;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateEvent;
import org.junit.jupiter.api.Test;

/**
 * A fold routes an event of its sealed family to a document and folds it with one switch over the
 * family; that the switch decides every event is the compiler's check, shown here by compiling one
 * that leaves an event out.
 */
class FoldTest {

    /** A target that records what it was given. */
    static final class Seen {
        final List<String> events = new ArrayList<>();
    }

    static void seen(Seen seen, MandateEvent event, EventMeta meta) {
        switch (event) {
            case org.coordination.ledger.contract.mandate.MandateAuthorized e -> seen.events.add("authorized");
            case org.coordination.ledger.contract.mandate.MandateExtended e -> seen.events.add("extended");
            case org.coordination.ledger.contract.mandate.MandateAmended e -> {
                // not needed here
            }
            case MandateEnded e -> seen.events.add("ended " + e.mandateId().value());
        }
    }

    static final Fold<Seen, MandateEvent> FOLD = Fold.of(Seen.class, MandateEvent.class,
            (e, l) -> Optional.of(e.mandateId().value()), FoldTest::seen);

    @Test
    void aFoldRoutesAndFoldsTheEventsOfItsFamilyOnly() {
        MandateEnded ended = new MandateEnded(MandateId.of("m-1"), null, null, null);
        Seen seen = new Seen();
        assertThat(FOLD.folds(ended)).isTrue();
        assertThat(FOLD.folds(new ForceActivated(ForceId.of("f-1"), MandateId.of("m-1"), StructureId.of("hq"), PostId.of("cdr"), 1))).isFalse();
        assertThat(FOLD.route(ended, null)).contains(ended.mandateId().value());
        FOLD.apply(seen, ended, null);
        assertThat(seen.events).containsExactly("ended " + ended.mandateId().value());
        assertThat(FOLD.family()).isEqualTo(MandateEvent.class);
    }

    @Test
    void onlySealedFamiliesCanBeFolded() {
        assertThatThrownBy(() -> Fold.of(Seen.class, LedgerEvent.class, (e, l) -> Optional.empty(), (s, e, m) -> { }))
                .hasMessageContaining("is not sealed");
    }

    @Test
    void aStepThatLeavesAnEventOutDoesNotCompile() {
        String source = """
                import org.coordination.ledger.contract.mandate.*;
                class Partial {
                    static void fold(MandateEvent event) {
                        switch (event) {
                            case MandateAuthorized e -> { }
                            case MandateExtended e -> { }
                            case MandateAmended e -> { }
                        }
                    }
                }
                """;
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter out = new StringWriter();
        String classpath = location(MandateEvent.class) + File.pathSeparator + System.getProperty("java.class.path");
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Partial.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        boolean compiled = javac.getTask(out, null, null, List.of("-proc:none", "-classpath", classpath, "-d",
                System.getProperty("java.io.tmpdir")), null, List.of(file)).call();
        assertThat(compiled).isFalse();
        assertThat(out.toString()).contains("Partial.java:4").contains("the switch statement does not cover all possible input values");
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
