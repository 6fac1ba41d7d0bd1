package org.coordination.ledger.contract.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
