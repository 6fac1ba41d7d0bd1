package org.coordination.ledger.testsupport;

import org.coordination.ledger.rules.RuleViolation;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a refusal by its rule code, the part of a refusal that clients rely on. */
public final class Rules {

    private Rules() {
    }

    public static Matcher<RuleViolation> violates(String rule) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RuleViolation violation) {
                return rule.equals(violation.rule());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a RuleViolation of ").appendValue(rule);
            }

            @Override
            protected void describeMismatchSafely(RuleViolation item, Description mismatch) {
                mismatch.appendText("was ").appendValue(item.rule()).appendText(": ").appendText(item.getMessage());
            }
        };
    }
}
