package org.coordination.ledger.consent.command;

import static org.coordination.ledger.testsupport.Rules.violates;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.coordination.ledger.eventstore.StreamTargetResolver;
import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.consent.ConsentGranted;
import org.coordination.ledger.contract.consent.ConsentRegisterOpened;
import org.coordination.ledger.contract.consent.ConsentWithdrawn;
import org.coordination.ledger.contract.consent.GrantConsent;
import org.coordination.ledger.contract.consent.ObjectToContributor;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.consent.ObjectionWithdrawn;
import org.coordination.ledger.contract.consent.OpenConsentRegister;
import org.coordination.ledger.contract.consent.PartyRole;
import org.coordination.ledger.contract.consent.WithdrawConsent;
import org.coordination.ledger.contract.consent.WithdrawObjection;
import org.coordination.ledger.lookup.ForceFacts;
import org.coordination.ledger.testsupport.InMemoryLedgerLookup;
import org.coordination.ledger.testsupport.Meta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsentRegisterTest {

    static final ConsentRegisterId REGISTER = ConsentRegisterId.of("isf-isr");
    static final ForceId ISF = ForceId.of("isf");
    static final PartyId ISR = PartyId.of("ISR");
    static final Nation TUR = Nation.of("TUR");
    static final ConsentRegisterOpened OPENED = new ConsentRegisterOpened(REGISTER, ISF, ISR, PartyRole.HOST_STATE);
    static final String ON = "2025-12-01";

    private AggregateTestFixture<ConsentRegister> fixture;
    private InMemoryLedgerLookup lookup;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ConsentRegister.class);
        fixture.registerCommandTargetResolver(new StreamTargetResolver());
        lookup = new InMemoryLedgerLookup().force(new ForceFacts(ISF, MandateId.of("gaza-isf-mandate"), 0));
        fixture.registerInjectableResource(lookup);
    }

    @Test
    void aPartysRegisterIsOpenedForAForce() {
        fixture.givenNoPriorActivity()
                .when(new OpenConsentRegister(REGISTER, ISF, ISR, PartyRole.HOST_STATE), Meta.on(ON))
                .expectEvents(OPENED);
    }

    @Test
    void aRegisterIsOpenedOnce() {
        fixture.given(OPENED)
                .when(new OpenConsentRegister(REGISTER, ISF, ISR, PartyRole.HOST_STATE), Meta.on(ON))
                .expectException(violates("CONSENT_REGISTER_ALREADY_OPEN"));
    }

    /** One register per party and force: a second would give the consent board two answers for one party. */
    @Test
    void aPartyHasOneRegisterPerForce() {
        lookup.register(ISF, ISR, "isf-isr");
        fixture.givenNoPriorActivity()
                .when(new OpenConsentRegister(ConsentRegisterId.of("isf-isr2"), ISF, ISR, PartyRole.HOST_STATE), Meta.on(ON))
                .expectException(violates("CONSENT_REGISTER_ALREADY_OPEN"));
    }

    @Test
    void anotherPartyOpensItsOwnRegisterForTheSameForce() {
        lookup.register(ISF, PartyId.of("EGY"), "isf-egy");
        fixture.givenNoPriorActivity()
                .when(new OpenConsentRegister(REGISTER, ISF, ISR, PartyRole.HOST_STATE), Meta.on(ON))
                .expectEvents(OPENED);
    }

    @Test
    void aRegisterIsOpenedForAnEstablishedForce() {
        fixture.givenNoPriorActivity()
                .when(new OpenConsentRegister(REGISTER, ForceId.of("other"), ISR, PartyRole.HOST_STATE), Meta.on(ON))
                .expectException(violates("FORCE_NOT_FOUND"));
    }

    @Test
    void consentIsGrantedThenWithdrawn() {
        fixture.given(OPENED)
                .when(new GrantConsent(REGISTER, "Presence in the agreed zones", "SOFA 2025/1"), Meta.on(ON))
                .expectEvents(new ConsentGranted(REGISTER, ISF, ISR, "Presence in the agreed zones", "SOFA 2025/1"));
        fixture.given(OPENED, new ConsentGranted(REGISTER, ISF, ISR, "scope", null))
                .when(new WithdrawConsent(REGISTER, "Violation of terms"), Meta.on(ON))
                .expectEvents(new ConsentWithdrawn(REGISTER, ISF, ISR, "Violation of terms"));
    }

    @Test
    void consentIsGrantedOnceAndWithdrawnOnlyIfGranted() {
        fixture.given(OPENED, new ConsentGranted(REGISTER, ISF, ISR, "scope", null))
                .when(new GrantConsent(REGISTER, "scope", null), Meta.on(ON))
                .expectException(violates("CONSENT_ALREADY_GRANTED"));
        fixture.given(OPENED)
                .when(new WithdrawConsent(REGISTER, "reason"), Meta.on(ON))
                .expectException(violates("CONSENT_NOT_GRANTED"));
    }

    @Test
    void aPartyObjectsToAContributorAndWithdrawsTheObjection() {
        fixture.given(OPENED)
                .when(new ObjectToContributor(REGISTER, TUR, "Not acceptable to the host", "Note verbale 45/2025"), Meta.on(ON))
                .expectEvents(new ObjectionRaised(REGISTER, ISF, ISR, TUR, "Not acceptable to the host", "Note verbale 45/2025"));
        fixture.given(OPENED, new ObjectionRaised(REGISTER, ISF, ISR, TUR, "r", null))
                .when(new WithdrawObjection(REGISTER, TUR), Meta.on(ON))
                .expectEvents(new ObjectionWithdrawn(REGISTER, ISF, ISR, TUR));
    }

    @Test
    void anObjectionIsRaisedOnceAndWithdrawnOnlyIfRaised() {
        fixture.given(OPENED, new ObjectionRaised(REGISTER, ISF, ISR, TUR, "r", null))
                .when(new ObjectToContributor(REGISTER, TUR, "again", null), Meta.on(ON))
                .expectException(violates("OBJECTION_ALREADY_RAISED"));
        fixture.given(OPENED)
                .when(new WithdrawObjection(REGISTER, TUR), Meta.on(ON))
                .expectException(violates("NO_SUCH_OBJECTION"));
    }
}
