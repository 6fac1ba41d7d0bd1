package org.coordination.ledger.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.mandate.MandateAmended;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateEvent;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.junit.jupiter.api.Test;

/** A fold must decide every event its sealed family permits; leaving one out fails where the fold is built. */
class FoldTest {

    /** A target that records what it was given. */
    static final class Seen {
        final List<String> events = new ArrayList<>();
    }

    @Test
    void aFoldThatLeavesAnEventOutIsRefusedNamingTheTargetAndTheEvent() {
        assertThatThrownBy(() -> Fold.of(Seen.class, MandateEvent.class, (e, l) -> Optional.of(e.mandateId().value()))
                .on(MandateAuthorized.class, (s, e, m) -> s.events.add("authorized"))
                .on(MandateExtended.class, (s, e, m) -> s.events.add("extended"))
                .ignore(MandateAmended.class, "not needed here")
                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("FoldTest.Seen does not fold MandateEnded (MandateEvent)");
    }

    @Test
    void anEventIsIgnoredOnlyWithAReason() {
        assertThatThrownBy(() -> Fold.of(Seen.class, MandateEvent.class, (e, l) -> Optional.of(e.mandateId().value()))
                .ignore(MandateAmended.class, " ")).hasMessageContaining("without saying why");
    }

    @Test
    void anEventIsFoldedOnce() {
        assertThatThrownBy(() -> Fold.of(Seen.class, MandateEvent.class, (e, l) -> Optional.of(e.mandateId().value()))
                .on(MandateEnded.class, (s, e, m) -> { }).on(MandateEnded.class, (s, e, m) -> { }))
                .hasMessageContaining("folds MandateEnded twice");
    }

    @Test
    void onlySealedFamiliesCanBeChecked() {
        assertThatThrownBy(() -> Fold.of(Seen.class, LedgerEvent.class, (e, l) -> Optional.empty()))
                .hasMessageContaining("is not sealed");
    }

    @Test
    void theEventsOfAFamilyAreItsPermittedRecords() {
        assertThat(Fold.eventsOf(MandateEvent.class)).containsExactlyInAnyOrder(MandateAuthorized.class, MandateExtended.class,
                MandateAmended.class, MandateEnded.class);
    }
}
