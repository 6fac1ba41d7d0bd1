package org.coordination.ledger.contract.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"isf", "cmcc", "gaza-isf-mandate", "a", "0123456789012345678901234567890123456789012345678901234567890123"})
    void slugsOfLowerCaseLettersDigitsAndDashesUpTo64AreAccepted(String id) {
        assertThat(ForceId.of(id).value()).isEqualTo(id);
        assertThat(ForceId.of(id)).hasToString(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ISF", "isf hq", "isf_hq", "-isf", "isf/1", "ïsf", "01234567890123456789012345678901234567890123456789012345678901234"})
    void otherSlugsAreRefusedNamingTheKindOfId(String id) {
        assertThatThrownBy(() -> ForceId.of(id))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("force id")
                .satisfies(e -> assertThat(((InvalidIdentifierException) e).identifierKind()).isEqualTo("force id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"USA", "IDN", "TUR"})
    void nationsAreIsoAlpha3(String code) {
        assertThat(Nation.of(code).value()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"US", "usa", "USAA", "U5A"})
    void otherNationCodesAreRefused(String code) {
        assertThatThrownBy(() -> Nation.of(code)).isInstanceOf(InvalidIdentifierException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"USA", "IDN", "PSE", "SSD", "XKX"})
    void aCommandMayNameAnAssignedNation(String code) {
        assertThat(Nation.assigned(code, "nation").value()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ZZZ", "AAA", "XAA", "QMA", "ANT", "YUG"})
    void aCommandMayNotNameACodeIsoHasNotAssignedThoughEventsReadIt(String code) {
        assertThatThrownBy(() -> Nation.assigned(code, "leadNation"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageContaining("leadNation")
                .satisfies(e -> assertThat(((InvalidIdentifierException) e).rule()).isEqualTo(Nation.ASSIGNED_RULE));
        // recorded events are read by shape alone: a code withdrawn since (ANT, YUG) stays readable
        assertThat(Nation.of(code).value()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNRWA", "WFP", "ICRC", "RELIEF-INTL"})
    void organizationIdsAreShortUpperCaseCodes(String code) {
        assertThat(OrganizationId.of(code).value()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"W", "wfp", "W F P"})
    void otherOrganizationIdsAreRefused(String code) {
        assertThatThrownBy(() -> OrganizationId.of(code)).isInstanceOf(InvalidIdentifierException.class);
    }

    @org.junit.jupiter.api.Test
    void nullIsRefused() {
        assertThatThrownBy(() -> Nation.of(null)).isInstanceOf(InvalidIdentifierException.class);
    }

    /**
     * The checks are loops over the characters; the patterns are the rules as documented. Every string of up to four
     * characters from an alphabet with each class's edges and its near misses, and strings around each length limit,
     * are judged alike by both.
     */
    @Test
    void theChecksAcceptExactlyWhatTheirPatternsMatch() {
        char[] alphabet = {'a', 'z', 'A', 'Z', '0', '9', '-', '_', '`', '{', '@', '[', '/', ':', ' ', '\n', '\u00ef', '\u00cf', '\u0660'};
        List<String> candidates = new ArrayList<>();
        candidates.add(null);
        candidates.add("");
        for (int length = 1; length <= 4; length++) {
            for (long n = 0, all = (long) Math.pow(alphabet.length, length); n < all; n++) {
                long rest = n;
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = alphabet[(int) (rest % alphabet.length)];
                    rest /= alphabet.length;
                }
                candidates.add(new String(chars));
            }
        }
        for (String start : List.of("a", "A", "0", "-")) {
            for (String fill : List.of("a", "A", "9", "-", "_")) {
                for (int length = 30; length <= 66; length++) {
                    candidates.add(start + fill.repeat(length - 1));
                    candidates.add(start + fill.repeat(length - 2) + "\n");
                }
            }
        }
        assertJudgedAlike(Identifiers.SLUG_PATTERN, Identifiers::isSlug, candidates);
        assertJudgedAlike(Identifiers.CODE_PATTERN, Identifiers::isCode, candidates);
        assertJudgedAlike(Identifiers.NATION_PATTERN, Identifiers::isNation, candidates);
    }

    private static void assertJudgedAlike(String regex, Predicate<String> check, List<String> candidates) {
        Pattern pattern = Pattern.compile(regex);
        int accepted = 0;
        for (String candidate : candidates) {
            boolean expected = candidate != null && pattern.matcher(candidate).matches();
            assertThat(check.test(candidate)).as("%s for %s", regex, candidate == null ? null : "\"" + candidate + "\"").isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        assertThat(accepted).as("some candidates match %s", regex).isGreaterThanOrEqualTo(8);
    }
}
