package org.coordination.ledger.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KnownCycleMatcherTest {

    final KnownCycleMatcher matcher = new KnownCycleMatcher();

    static String cycle(String slices, String dependency) {
        return "Cycle detected: " + slices + "\n  1. Dependencies of Slice a\n    - " + dependency + "\n  2. Dependencies of Slice b\n    - x";
    }

    @Test
    void aCycleIsKnownByItsSlicesWhateverItsDependencies() {
        String stored = "Cycle detected: Slice a -> \n                Slice b -> \n                Slice a";
        assertThat(matcher.matches(cycle("Slice a -> \n                Slice b -> \n                Slice a", "Method <A.f()> calls <B.g()> in (A.java:3)"), stored)).isTrue();
        assertThat(matcher.matches(cycle("Slice a -> \n                Slice c -> \n                Slice a", "Method <A.f()> calls <C.g()> in (A.java:3)"), stored)).isFalse();
    }

    @Test
    void anyOtherViolationIsKnownApartFromLineNumbersAndSyntheticNumbers() {
        assertThat(matcher.matches("Method <A.lambda$f$0()> calls <B.g()> in (A.java:12)", "Method <A.lambda$f$3()> calls <B.g()> in (A.java:40)")).isTrue();
        assertThat(matcher.matches("Method <A.f()> calls <B.g()> in (A.java:12)", "Method <A.f()> calls <B.h()> in (A.java:12)")).isFalse();
    }
}
