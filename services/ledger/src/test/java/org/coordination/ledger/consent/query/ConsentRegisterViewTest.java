package org.coordination.ledger.consent.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.coordination.ledger.contract.common.ConsentRegisterId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.consent.ConsentGranted;
import org.coordination.ledger.contract.consent.ConsentRegisterOpened;
import org.coordination.ledger.contract.consent.ConsentWithdrawn;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.consent.ObjectionWithdrawn;
import org.coordination.ledger.contract.consent.PartyRole;
import org.coordination.ledger.testsupport.ViewFixture;
import org.junit.jupiter.api.Test;

/** A party's consent register: consent, its withdrawal, and objections per nation; listed by its force. */
class ConsentRegisterViewTest {

    static final ConsentRegisterId REGISTER = ConsentRegisterId.of("isf-isr");
    static final ForceId ISF = ForceId.of("isf");
    static final PartyId ISR = PartyId.of("ISR");

    @Test
    void consentGrantedThenWithdrawnKeepsItsScope() {
        ViewFixture<ConsentRegisterView> fixture = ViewFixture.of(ConsentRegisterView.TYPE)
                .given(new ConsentRegisterOpened(REGISTER, ISF, ISR, PartyRole.HOST_STATE))
                .citing("SOFA 2025-3").given(new ConsentGranted(REGISTER, ISF, ISR, "Gaza perimeter", "SOFA-3"));
        assertThat(fixture.document("isf-isr").consent()).extracting(ConsentRegisterView.Consent::status,
                ConsentRegisterView.Consent::citation).containsExactly("GRANTED", "SOFA 2025-3");

        fixture.citing("Letter 12").given(new ConsentWithdrawn(REGISTER, ISF, ISR, "security situation"));
        ConsentRegisterView register = fixture.document("isf-isr");
        assertThat(register.consent()).extracting(ConsentRegisterView.Consent::status, ConsentRegisterView.Consent::scope,
                ConsentRegisterView.Consent::reason, ConsentRegisterView.Consent::citation)
                .containsExactly("WITHDRAWN", "Gaza perimeter", "security situation", "Letter 12");
        assertThat(register.version()).isEqualTo(2);
        assertThat(ConsentRegisterView.TYPE.scopeOf(register)).as("listed by its force").isEqualTo("isf");
    }

    @Test
    void objectionsPerNationCiteTheirOwnDocumentOrTheCommands() {
        ConsentRegisterView register = ViewFixture.of(ConsentRegisterView.TYPE)
                .given(new ConsentRegisterOpened(REGISTER, ISF, ISR, PartyRole.HOST_STATE)).citing("Cabinet decision 7")
                .given(new ObjectionRaised(REGISTER, ISF, ISR, Nation.of("TUR"), "hostile statements", null),
                        new ObjectionRaised(REGISTER, ISF, ISR, Nation.of("QAT"), "hostile statements", "Note verbale 3"),
                        new ObjectionWithdrawn(REGISTER, ISF, ISR, Nation.of("QAT")))
                .document("isf-isr");
        assertThat(register.objections()).containsOnlyKeys("TUR");
        assertThat(register.objections().get("TUR").citation()).isEqualTo("Cabinet decision 7");
        assertThat(register.toResponse(null).partyRole()).isEqualTo("HOST_STATE");
    }

    @Test
    void beforeItsOpeningThereIsNoRegister() {
        ViewFixture<ConsentRegisterView> fixture = ViewFixture.of(ConsentRegisterView.TYPE)
                .givenAt(ViewFixture.START.plusSeconds(3600), new ConsentRegisterOpened(REGISTER, ISF, ISR, PartyRole.HOST_STATE))
                .givenAt(ViewFixture.START, new ObjectionRaised(REGISTER, ISF, ISR, Nation.of("TUR"), "r", null));
        assertThat(fixture.asOf("isf-isr", ViewFixture.START.plusSeconds(60))).isEmpty();
        assertThat(fixture.document("isf-isr").objections()).containsOnlyKeys("TUR");
    }
}
