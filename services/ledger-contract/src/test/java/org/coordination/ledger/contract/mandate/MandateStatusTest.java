package org.coordination.ledger.contract.mandate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MandateStatusTest {

    static final LocalDate FROM = LocalDate.parse("2025-11-17");
    static final LocalDate UNTIL = LocalDate.parse("2027-12-31");

    @Test
    void theStatusOfAnUnendedMandateFollowsItsPeriod() {
        assertThat(MandateStatus.on(FROM.minusDays(1), FROM, UNTIL, null)).isEqualTo(MandateStatus.AUTHORIZED);
        assertThat(MandateStatus.on(FROM, FROM, UNTIL, null)).isEqualTo(MandateStatus.ACTIVE);
        assertThat(MandateStatus.on(UNTIL.minusDays(1), FROM, UNTIL, null)).isEqualTo(MandateStatus.ACTIVE);
        assertThat(MandateStatus.on(UNTIL, FROM, UNTIL, null)).isEqualTo(MandateStatus.LAPSED);
    }

    @Test
    void anEndedMandateIsEndedWhateverTheDate() {
        assertThat(MandateStatus.on(FROM.plusDays(30), FROM, UNTIL, MandateEndReason.TERMINATED)).isEqualTo(MandateStatus.TERMINATED);
        assertThat(MandateStatus.on(FROM.minusDays(30), FROM, UNTIL, MandateEndReason.EXPIRED)).isEqualTo(MandateStatus.EXPIRED);
    }

    @Test
    void onlyActiveIsInForceAndOnlyExpiredAndTerminatedAreEnded() {
        assertThat(Arrays.stream(MandateStatus.values()).filter(MandateStatus::inForce)).containsExactly(MandateStatus.ACTIVE);
        assertThat(Arrays.stream(MandateStatus.values()).filter(MandateStatus::ended))
                .containsExactly(MandateStatus.EXPIRED, MandateStatus.TERMINATED);
    }

    @Test
    void expiresWithinCountsDaysToTheExpiry() {
        assertThat(MandateStatus.expiresWithin(UNTIL.minusDays(30), UNTIL, 30)).isTrue();
        assertThat(MandateStatus.expiresWithin(UNTIL.minusDays(31), UNTIL, 30)).isFalse();
        assertThat(MandateStatus.daysToExpiry(UNTIL.minusDays(1), UNTIL)).isEqualTo(1);
    }

    @Test
    void inForceIsTheActiveStatus() {
        for (LocalDate date : new LocalDate[] {FROM.minusDays(1), FROM, UNTIL.minusDays(1), UNTIL}) {
            assertThat(MandateInForce.on(date, FROM, UNTIL, false)).isEqualTo(MandateStatus.on(date, FROM, UNTIL, null).inForce());
        }
    }
}
