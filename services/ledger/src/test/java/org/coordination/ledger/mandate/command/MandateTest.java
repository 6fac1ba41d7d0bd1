package org.coordination.ledger.mandate.command;

import static org.coordination.ledger.testsupport.Rules.violates;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.coordination.ledger.eventstore.StreamTargetResolver;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.mandate.AmendMandate;
import org.coordination.ledger.contract.mandate.AuthorizeMandate;
import org.coordination.ledger.contract.mandate.CharterBasis;
import org.coordination.ledger.contract.mandate.EndMandate;
import org.coordination.ledger.contract.mandate.ExtendMandate;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.IssuingBody;
import org.coordination.ledger.contract.mandate.MandateAmended;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEndReason;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.mandate.UseOfForce;
import org.coordination.ledger.contract.mandate.Vote;
import org.coordination.ledger.testsupport.InMemoryLedgerLookup;
import org.coordination.ledger.testsupport.Meta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MandateTest {

    static final MandateId MANDATE = MandateId.of("gaza-isf-mandate");
    static final Instrument RESOLUTION = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/2803 (2025)",
            LocalDate.parse("2025-11-17"), new Vote(13, 0, 2));
    static final Instrument RENEWAL = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/2850 (2027)",
            LocalDate.parse("2027-12-01"), new Vote(12, 0, 3));
    static final LocalDate FROM = LocalDate.parse("2025-11-17");
    static final LocalDate UNTIL = LocalDate.parse("2027-12-31");

    private AggregateTestFixture<Mandate> fixture;
    private InMemoryLedgerLookup lookup;

    static AuthorizeMandate authorize(Instrument instrument, LocalDate from, LocalDate until) {
        return new AuthorizeMandate(MANDATE, instrument, CharterBasis.NOT_STATED, List.of("Board of Peace", "ISF"),
                List.of("Secure borders", "Protect civilians"), UseOfForce.ALL_NECESSARY_MEASURES, 20000, from, until);
    }

    static MandateAuthorized authorized() {
        return new MandateAuthorized(MANDATE, RESOLUTION, CharterBasis.NOT_STATED, List.of("Board of Peace", "ISF"),
                List.of("Secure borders", "Protect civilians"), UseOfForce.ALL_NECESSARY_MEASURES, 20000, FROM, UNTIL);
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Mandate.class);
        fixture.registerCommandTargetResolver(new StreamTargetResolver());
        lookup = new InMemoryLedgerLookup();
        fixture.registerInjectableResource(lookup);
    }

    @Test
    void aSecurityCouncilResolutionAuthorizesAMandate() {
        fixture.givenNoPriorActivity()
                .when(authorize(RESOLUTION, FROM, UNTIL), Meta.on("2025-11-17"))
                .expectEvents(authorized());
    }

    @Test
    void cannotAuthorizeAMandateTwice() {
        fixture.given(authorized())
                .when(authorize(RENEWAL, FROM, UNTIL), Meta.on("2025-11-18"))
                .expectException(violates("MANDATE_ALREADY_AUTHORIZED"))
                .expectNoEvents();
    }

    @Test
    void expiryMustFollowTheStart() {
        fixture.givenNoPriorActivity()
                .when(authorize(RESOLUTION, FROM, FROM), Meta.on("2025-11-17"))
                .expectException(violates("MANDATE_EXPIRY_BEFORE_START"));
    }

    @Test
    void aCouncilVoteHasAtMostFifteenVotes() {
        Instrument impossible = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/9999", FROM, new Vote(14, 1, 1));
        fixture.givenNoPriorActivity()
                .when(authorize(impossible, FROM, UNTIL), Meta.on("2025-11-17"))
                .expectException(violates("SECURITY_COUNCIL_VOTE_INVALID"));
    }

    /** As ints, 2,147,483,647 in favour and two against had cast -2,147,483,647 votes, fewer than fifteen. */
    @Test
    void aCouncilVoteOfImpossiblyManyVotesDoesNotWrapRound() {
        Instrument impossible = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/9996", FROM, new Vote(Integer.MAX_VALUE, 2, 0));
        fixture.givenNoPriorActivity()
                .when(authorize(impossible, FROM, UNTIL), Meta.on("2025-11-17"))
                .expectException(violates("SECURITY_COUNCIL_VOTE_INVALID"));
    }

    @Test
    void aCouncilResolutionNeedsNineVotesInFavour() {
        Instrument failed = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/9998", FROM, new Vote(8, 2, 5));
        fixture.givenNoPriorActivity()
                .when(authorize(failed, FROM, UNTIL), Meta.on("2025-11-17"))
                .expectException(violates("SECURITY_COUNCIL_VOTE_INVALID"));
    }

    @Test
    void aCouncilResolutionMustRecordItsVote() {
        Instrument unvoted = new Instrument(IssuingBody.UN_SECURITY_COUNCIL, "S/RES/9997", FROM, null);
        fixture.givenNoPriorActivity()
                .when(authorize(unvoted, FROM, UNTIL), Meta.on("2025-11-17"))
                .expectException(violates("SECURITY_COUNCIL_VOTE_INVALID"));
    }

    @Test
    void otherBodiesNeedNoCouncilVote() {
        Instrument invitation = new Instrument(IssuingBody.HOST_INVITATION, "Note verbale 123/2025", FROM, null);
        fixture.givenNoPriorActivity()
                .when(authorize(invitation, FROM, UNTIL), Meta.on("2025-11-17"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(MandateAuthorized.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void theSameInstrumentCannotBeCitedTwiceInTheLedger() {
        lookup.instrument(RESOLUTION.symbol());
        fixture.givenNoPriorActivity()
                .when(authorize(RESOLUTION, FROM, UNTIL), Meta.on("2025-11-17"))
                .expectException(violates("INSTRUMENT_ALREADY_CITED"));
    }

    /** The same resolution typed differently is the same instrument: a trailing space, lower case, a full-width solidus, an invisible space. */
    @Test
    void theSameInstrumentTypedDifferentlyIsStillCitedTwice() {
        lookup.instrument(RESOLUTION.symbol());
        for (String typed : List.of("S/RES/2803 (2025) ", "s/res/2803 (2025)", "S/RES/2803  (2025)", "S/RES/2803\u00a0(2025)",
                "S\uff0fRES/2803 (2025)", "S/RES/28\u200b03 (2025)")) {
            fixture.givenNoPriorActivity()
                    .when(authorize(new Instrument(IssuingBody.UN_SECURITY_COUNCIL, typed, RESOLUTION.adoptedOn(), RESOLUTION.vote()), FROM, UNTIL),
                            Meta.on("2025-11-17"))
                    .expectException(violates("INSTRUMENT_ALREADY_CITED"));
        }
    }

    /** The mandate's own citations, as its events hold them, typed differently: no lookup row is needed to refuse. */
    @Test
    void anExtensionCannotReuseTheAuthorizingInstrumentTypedDifferently() {
        fixture.given(authorized())
                .when(new ExtendMandate(MANDATE, new Instrument(IssuingBody.UN_SECURITY_COUNCIL, " s/res/2803 (2025)", RESOLUTION.adoptedOn(),
                        RESOLUTION.vote()), UNTIL.plusYears(1)), Meta.on("2026-01-10"))
                .expectException(violates("INSTRUMENT_ALREADY_CITED"));
    }

    @Test
    void anExtensionCannotReuseTheAuthorizingInstrument() {
        fixture.given(authorized())
                .when(new ExtendMandate(MANDATE, RESOLUTION, UNTIL.plusYears(1)), Meta.on("2026-01-10"))
                .expectException(violates("INSTRUMENT_ALREADY_CITED"));
    }

    @Test
    void anActiveMandateIsExtendedToALaterExpiry() {
        LocalDate later = UNTIL.plusYears(1);
        fixture.given(authorized())
                .when(new ExtendMandate(MANDATE, RENEWAL, later), Meta.on("2027-12-01"))
                .expectEvents(new MandateExtended(MANDATE, RENEWAL, UNTIL, later));
    }

    @Test
    void anExtensionMustMoveTheExpiryLater() {
        fixture.given(authorized())
                .when(new ExtendMandate(MANDATE, RENEWAL, UNTIL), Meta.on("2027-12-01"))
                .expectException(violates("EXTENSION_NOT_LATER"));
    }

    @Test
    void cannotExtendAnExpiredMandate() {
        fixture.given(authorized())
                .when(new ExtendMandate(MANDATE, RENEWAL, UNTIL.plusYears(1)), Meta.on("2028-01-05"))
                .expectException(violates("MANDATE_NOT_ACTIVE"));
    }

    @Test
    void cannotExtendAMandateBeforeItTakesEffect() {
        // the same rule as the lookup and the read model (MandateInForce): not yet in force is not active
        fixture.given(authorized())
                .when(new ExtendMandate(MANDATE, RENEWAL, UNTIL.plusYears(1)), Meta.on("2025-11-16"))
                .expectException(violates("MANDATE_NOT_ACTIVE"));
    }

    @Test
    void cannotExtendAnEndedMandate() {
        fixture.given(authorized(), new MandateEnded(MANDATE, MandateEndReason.TERMINATED, LocalDate.parse("2026-06-01"), RENEWAL))
                .when(new ExtendMandate(MANDATE, new Instrument(IssuingBody.OTHER, "X/1", FROM, null), UNTIL.plusYears(1)),
                        Meta.on("2026-07-01"))
                .expectException(violates("MANDATE_NOT_ACTIVE"));
    }

    @Test
    void anAmendmentChangesTasksCeilingOrUseOfForce() {
        fixture.given(authorized())
                .when(new AmendMandate(MANDATE, RENEWAL, null, 25000, null), Meta.on("2026-05-01"))
                .expectEvents(new MandateAmended(MANDATE, RENEWAL, List.of("Secure borders", "Protect civilians"), 25000,
                        UseOfForce.ALL_NECESSARY_MEASURES));
    }

    @Test
    void anAmendmentThatChangesNothingIsRefused() {
        fixture.given(authorized())
                .when(new AmendMandate(MANDATE, RENEWAL, null, 20000, UseOfForce.ALL_NECESSARY_MEASURES), Meta.on("2026-05-01"))
                .expectException(violates("AMENDMENT_CHANGES_NOTHING"));
    }

    @Test
    void aMandateExpiresOnOrAfterItsExpiryDate() {
        fixture.given(authorized())
                .when(new EndMandate(MANDATE, MandateEndReason.EXPIRED, UNTIL, null), Meta.on("2027-12-31"))
                .expectEvents(new MandateEnded(MANDATE, MandateEndReason.EXPIRED, UNTIL, null));
    }

    @Test
    void aMandateDoesNotExpireBeforeItsExpiryDate() {
        fixture.given(authorized())
                .when(new EndMandate(MANDATE, MandateEndReason.EXPIRED, UNTIL.minusDays(1), null), Meta.on("2027-12-30"))
                .expectException(violates("MANDATE_NOT_YET_EXPIRED"));
    }

    @Test
    void terminationRequiresAnInstrument() {
        fixture.given(authorized())
                .when(new EndMandate(MANDATE, MandateEndReason.TERMINATED, LocalDate.parse("2026-06-01"), null), Meta.on("2026-06-01"))
                .expectException(violates("TERMINATION_REQUIRES_INSTRUMENT"));
    }

    @Test
    void anInstrumentTerminatesAMandate() {
        LocalDate on = LocalDate.parse("2026-06-01");
        fixture.given(authorized())
                .when(new EndMandate(MANDATE, MandateEndReason.TERMINATED, on, RENEWAL), Meta.on("2026-06-01"))
                .expectEvents(new MandateEnded(MANDATE, MandateEndReason.TERMINATED, on, RENEWAL));
    }

    @Test
    void aMandateEndsOnce() {
        fixture.given(authorized(), new MandateEnded(MANDATE, MandateEndReason.EXPIRED, UNTIL, null))
                .when(new EndMandate(MANDATE, MandateEndReason.EXPIRED, UNTIL.plusDays(1), null), Meta.on("2028-01-01"))
                .expectException(violates("MANDATE_ALREADY_ENDED"));
    }
}
