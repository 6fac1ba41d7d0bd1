package org.coordination.ledger.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stream of a record comes from its CloudEvents attributes, in records of this release and of the previous one. */
class LedgerStreamTest {

    @Test
    void thisReleaseNamesTheKindInAnExtension() {
        assertThat(LedgerStream.of("Force", "/coordination-ledger/Force/isf", "isf")).contains(new LedgerStream("Force", "isf"));
        assertThat(LedgerStream.of("CommandStructure", "/coordination-ledger/CommandStructure/isf", "isf"))
                .contains(new LedgerStream("CommandStructure", "isf"));
    }

    @Test
    void thePreviousReleaseNamedItInTheSourceAlone() {
        assertThat(LedgerStream.of(null, "/coordination-ledger/ConsentRegister/gaza", "gaza")).contains(new LedgerStream("ConsentRegister", "gaza"));
        assertThat(LedgerStream.of(null, "/coordination-ledger/Mandate/gaza-isf-mandate", null))
                .contains(new LedgerStream("Mandate", "gaza-isf-mandate"));
    }

    @Test
    void aRecordThatNamesNoStreamHasNone() {
        assertThat(LedgerStream.of(null, null, "isf")).isEmpty();
        assertThat(LedgerStream.of(null, "/elsewhere/Force/isf", "isf")).isEmpty();
        assertThat(LedgerStream.of(null, "/coordination-ledger/isf", "isf")).isEmpty();
        assertThat(LedgerStream.of("Force", null, null)).isEmpty();
    }

    @Test
    void itPrintsAsTheRecordKeyOfThisRelease() {
        assertThat(new LedgerStream("HumanitarianCoalition", "gaza")).hasToString("HumanitarianCoalition:gaza");
    }
}
