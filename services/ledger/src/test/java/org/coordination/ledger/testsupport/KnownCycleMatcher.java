package org.coordination.ledger.testsupport;

import com.tngtech.archunit.library.freeze.ViolationLineMatcher;
import java.util.regex.Pattern;

/**
 * How ArchitectureTest's frozen rules recognize a known violation (archunit.properties, freeze.lineMatcher).
 * A cycle is known by its packages alone: ArchUnit describes one as its slices followed by every dependency
 * along it, and a dependency added to or removed from a known cycle is not a new cycle; a cycle through
 * other packages is. Every other violation is one dependency, known when it is the same apart from line
 * numbers and the numbers of lambdas and anonymous classes (ArchUnit's own default, which is not public).
 */
public final class KnownCycleMatcher implements ViolationLineMatcher {

    private static final String CYCLE = "Cycle detected: ";
    private static final Pattern DETAILS = Pattern.compile("\\n\\s*1\\. Dependencies of ");
    private static final Pattern LINE_NUMBER = Pattern.compile("\\.java:\\d+\\)");
    private static final Pattern SYNTHETIC_NUMBER = Pattern.compile("\\$\\d+");

    @Override
    public boolean matches(String lineFromFirstViolation, String lineFromSecondViolation) {
        return normalize(lineFromFirstViolation).equals(normalize(lineFromSecondViolation));
    }

    static String normalize(String violation) {
        if (violation.startsWith(CYCLE)) {
            String slices = DETAILS.split(violation, 2)[0];
            return slices.replaceAll("\\s+", " ").trim();
        }
        return SYNTHETIC_NUMBER.matcher(LINE_NUMBER.matcher(violation).replaceAll(".java)")).replaceAll("\\$");
    }
}
