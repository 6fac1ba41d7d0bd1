package org.coordination.ledger.mandate.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.mandate.CharterBasis;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.IssuingBody;
import org.coordination.ledger.contract.mandate.MandateAmended;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEndReason;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.contract.mandate.Vote;
import org.coordination.ledger.testsupport.ViewFixture;
import org.junit.jupiter.api.Test;

/** The mandate document: instruments, tasks, use of force, ceiling; status and expiry computed on a date. */
class MandateViewTest {

    static final MandateId MANDATE = MandateId.of("gaza-isf-mandate");
    static final LocalDate FROM = LocalDate.of(2025, 11, 17);
    static final LocalDate UNTIL = LocalDate.of(2027, 12, 31);

    static Instrument resolution(String symbol) {
        return new Instrument(IssuingBody.UN_SECURITY_COUNCIL, symbol, FROM, new Vote(13, 0, 2));
    }

    static MandateAuthorized authorized() {
        return new MandateAuthorized(MANDATE, resolution("S/RES/2803 (2025)"), CharterBasis.CHAPTER_VII, List.of("ISF"),
                List.of("secure borders"), UseOfForce.ALL_NECESSARY_MEASURES, 20000, FROM, UNTIL);
    }

    @Test
    void anAuthorizedMandateIsActiveWithinItsDates() {
        ViewFixture<MandateView> fixture = ViewFixture.of(MandateView.TYPE).given(authorized());
        MandateView mandate = fixture.document("gaza-isf-mandate");
        assertThat(mandate.troopCeiling()).isEqualTo(20000);
        assertThat(mandate.version()).isZero();
        MandateView.Response response = mandate.toResponse(LocalDate.of(2026, 1, 1), null);
        assertThat(response.status()).isEqualTo("ACTIVE");
        assertThat(response.instruments()).extracting(MandateView.InstrumentEntry::action, MandateView.InstrumentEntry::recordedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AUTHORIZED", "coordinator"));
        assertThat(mandate.toResponse(FROM.minusDays(1), null).status()).isEqualTo("AUTHORIZED");
        assertThat(mandate.toResponse(UNTIL, null).alerts()).containsExactly("EXPIRED_BUT_NOT_ENDED");
        assertThat(mandate.toResponse(UNTIL.minusDays(10), null).alerts()).containsExactly("EXPIRES_WITHIN_30_DAYS");
    }

    @Test
    void extensionAndAmendmentChangeTheTermsAndAreListedAsInstruments() {
        MandateView mandate = ViewFixture.of(MandateView.TYPE).given(authorized(),
                new MandateExtended(MANDATE, resolution("S/RES/2900"), UNTIL, UNTIL.plusYears(1)),
                new MandateAmended(MANDATE, resolution("S/RES/2901"), List.of("secure borders", "train police"), 25000,
                        UseOfForce.ALL_NECESSARY_MEASURES)).document("gaza-isf-mandate");
        MandateView.Response response = mandate.toResponse(LocalDate.of(2026, 1, 1), null);
        assertThat(response.expiresOn()).isEqualTo(UNTIL.plusYears(1));
        assertThat(response.troopCeiling()).isEqualTo(25000);
        assertThat(response.tasks()).containsExactly("secure borders", "train police");
        assertThat(response.instruments()).extracting(MandateView.InstrumentEntry::action).containsExactly("AUTHORIZED", "EXTENDED", "AMENDED");
        assertThat(mandate.version()).isEqualTo(2);
    }

    @Test
    void anEndedMandateIsTerminatedOrExpired() {
        MandateView terminated = ViewFixture.of(MandateView.TYPE).given(authorized(),
                new MandateEnded(MANDATE, MandateEndReason.TERMINATED, LocalDate.of(2026, 6, 1), resolution("S/RES/2950")))
                .document("gaza-isf-mandate");
        MandateView.Response response = terminated.toResponse(LocalDate.of(2026, 7, 1), null);
        assertThat(response.status()).isEqualTo("TERMINATED");
        assertThat(response.active()).isFalse();
        assertThat(response.daysToExpiry()).isNull();
        assertThat(response.instruments()).extracting(MandateView.InstrumentEntry::action).containsExactly("AUTHORIZED", "TERMINATED");

        MandateView expired = ViewFixture.of(MandateView.TYPE).given(authorized(),
                new MandateEnded(MANDATE, MandateEndReason.EXPIRED, UNTIL, null)).document("gaza-isf-mandate");
        assertThat(expired.toResponse(UNTIL, null).status()).isEqualTo("EXPIRED");
        assertThat(expired.toResponse(UNTIL, null).instruments()).hasSize(1);
    }

    @Test
    void asOfBeforeItsAuthorizationThereIsNoMandate() {
        ViewFixture<MandateView> fixture = ViewFixture.of(MandateView.TYPE).given(authorized());
        assertThat(fixture.asOf("gaza-isf-mandate", ViewFixture.START.minusSeconds(1))).isEmpty();
        assertThat(fixture.asOf("gaza-isf-mandate", ViewFixture.START)).isPresent();
    }
}
