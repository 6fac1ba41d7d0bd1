package org.coordination.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.spring.stereotype.Saga;
import org.coordination.ledger.contract.common.LedgerCommand;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.testsupport.RepositoryFiles;
import org.coordination.ledger.web.CommandCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/domain.md is the domain as built: people decide from it what a refusal means and which policy
 * acted. It cannot drift from the code: every rule code the code can refuse with, every command,
 * event and policy must be named there, and a rule it lists must still exist.
 */
class DomainCatalogueTest {

    /** A rule code as clients see it: stable UPPER_SNAKE_CASE with at least one underscore. */
    private static final String CODE = "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+";
    /**
     * The rule code is the first upper-snake literal of a refusal: require(condition, "CODE", message),
     * new RuleViolation("CODE", message), ProblemMapper.ruleViolated("CODE", detail). The statement may
     * span lines; a condition holds no string literal in this code base.
     */
    private static final Pattern REFUSAL = Pattern.compile(
            "\\b(?:require|RuleViolation|ruleViolated)\\s*\\([^;]*?\"(" + CODE + ")\"", Pattern.DOTALL);
    /** A rule code kept in a constant because an event records it (AdmissionDenied's rule). */
    private static final Pattern RULE_CONSTANT = Pattern.compile("static final String \\w*RULE\\w* = \"(" + CODE + ")\"");
    /** A row of a rules table in docs/domain.md: | `CODE` | commands | when |. */
    private static final Pattern RULE_ROW = Pattern.compile("^\\| `(" + CODE + ")` \\|");

    static String domain;
    static List<String> domainLines;

    @BeforeAll
    static void read() throws IOException {
        Path file = RepositoryFiles.locate("docs/domain.md");
        domain = Files.readString(file);
        domainLines = Files.readAllLines(file);
    }

    static Set<String> ruleCodesInCode() throws IOException {
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(RepositoryFiles.locate("services/ledger/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (Pattern pattern : List.of(REFUSAL, RULE_CONSTANT)) {
                    Matcher matcher = pattern.matcher(source);
                    while (matcher.find()) {
                        codes.add(matcher.group(1));
                    }
                }
            }
        }
        return codes;
    }

    static List<Class<?>> contract(Class<?> kind) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.coordination.ledger.contract").stream()
                .map(JavaClass::reflect)
                .filter(c -> kind.isAssignableFrom(c) && c.isRecord())
                .toList();
    }

    private static void assertNamed(String what, String name) {
        assertThat(domain).as("docs/domain.md names %s %s (in backticks)", what, name).contains("`" + name + "`");
    }

    @Test
    void everyRuleCodeTheCodeRefusesWithIsDocumented() throws IOException {
        Set<String> codes = ruleCodesInCode();
        // the scan itself must work: the domain has dozens of rules, an empty scan would prove nothing
        assertThat(codes).hasSizeGreaterThan(60).contains("WRONG_APPOINTING_AUTHORITY", "ORGANIZATION_EXCLUDED");
        for (String code : codes) {
            assertThat(domainLines).as("docs/domain.md has a rules-table row for %s", code)
                    .anyMatch(line -> line.startsWith("| `" + code + "` |"));
        }
    }

    @Test
    void everyRuleDocumentedStillExists() throws IOException {
        Set<String> codes = ruleCodesInCode();
        Set<String> documented = new TreeSet<>();
        for (String line : domainLines) {
            Matcher row = RULE_ROW.matcher(line);
            if (row.find()) {
                documented.add(row.group(1));
            }
        }
        assertThat(documented).hasSizeGreaterThan(60);
        assertThat(codes).as("rule codes in docs/domain.md that the code no longer uses").containsAll(documented);
    }

    /** The life-cycle table says, per state, what ContributionState answers: a new state needs its row. */
    @Test
    void theLifeCycleTableIsThePledgeStatesAsBuilt() {
        for (ContributionState state : ContributionState.values()) {
            String row = domainLines.stream().filter(line -> line.startsWith("| `" + state.name() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("docs/domain.md has no life-cycle row for " + state));
            List<Boolean> documented = java.util.Arrays.stream(row.split("\\|")).skip(2).limit(6)
                    .map(cell -> cell.trim().startsWith("yes")).toList();
            assertThat(documented).as("docs/domain.md's row for %s: in play, ceiling, commit, transfer, reject, conditions", state)
                    .containsExactly(state.inPlay(), state.countsTowardCeiling(), state.canCommit(), state.canTransfer(),
                            state.canReject(), state.answersToConditions());
        }
    }

    @Test
    void everyCommandPeopleIssueIsDocumentedWithItsHttpName() {
        assertThat(CommandCatalog.all()).hasSizeGreaterThan(30);
        for (CommandCatalog.Entry entry : CommandCatalog.all()) {
            assertThat(domainLines).as("docs/domain.md has a row for %s as `%s`", entry.type().getSimpleName(), entry.name())
                    .anyMatch(line -> line.startsWith("| `" + entry.type().getSimpleName() + "` | `" + entry.name() + "`"));
        }
    }

    @Test
    void everyCommandAndEventOfTheContractIsDocumented() {
        List<Class<?>> commands = contract(LedgerCommand.class);
        List<Class<?>> events = contract(LedgerEvent.class);
        assertThat(commands).hasSizeGreaterThan(40);
        assertThat(events).hasSizeGreaterThan(40);
        commands.forEach(command -> assertNamed("command", command.getSimpleName()));
        events.forEach(event -> assertNamed("event", event.getSimpleName()));
    }

    @Test
    void everyPolicyIsDocumented() {
        List<Class<?>> policies = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.coordination.ledger").stream()
                .map(JavaClass::reflect)
                .filter(c -> c.isAnnotationPresent(Saga.class) || c.getPackageName().endsWith(".policy"))
                .filter(c -> !c.isMemberClass())
                .toList();
        assertThat(policies).hasSizeGreaterThanOrEqualTo(4);
        policies.forEach(policy -> assertNamed("policy", policy.getSimpleName()));
    }
}
