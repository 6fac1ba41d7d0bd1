package org.coordination.ledger.contract.mandate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MandateInForceTest {

    static final LocalDate FROM = LocalDate.parse("2025-11-17");
    static final LocalDate UNTIL = LocalDate.parse("2027-12-31");

    @Test
    void aMandateIsInForceFromTheDayItTakesEffectUntilTheDayBeforeItExpires() {
        assertThat(MandateInForce.on(FROM.minusDays(1), FROM, UNTIL, false)).isFalse();
        assertThat(MandateInForce.on(FROM, FROM, UNTIL, false)).isTrue();
        assertThat(MandateInForce.on(UNTIL.minusDays(1), FROM, UNTIL, false)).isTrue();
        assertThat(MandateInForce.on(UNTIL, FROM, UNTIL, false)).isFalse();
    }

    @Test
    void anEndedMandateIsNotInForceAtAll() {
        assertThat(MandateInForce.on(FROM.plusDays(30), FROM, UNTIL, true)).isFalse();
    }

    @Test
    void aMandateNotYetAuthorizedIsNotInForce() {
        assertThat(MandateInForce.on(FROM, null, null, false)).isFalse();
    }
}
