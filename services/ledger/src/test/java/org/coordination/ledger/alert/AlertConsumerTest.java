package org.coordination.ledger.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.CaveatKind;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledged;
import org.coordination.ledger.contract.force.ForceActivated;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.testsupport.RecordedWrites;
import org.junit.jupiter.api.Test;

/** When alerts open and close, as the statements the consumer issues (no database). */
class AlertConsumerTest {

    static final ContributionId PLEDGE = ContributionId.of("isf-idn");
    static final ForceId ISF = ForceId.of("isf");
    static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");

    static EventEnvelope envelope(LedgerEvent event) {
        return new EventEnvelope(event, 42, "event-1", event.aggregateType(), event.aggregateId(), 3, AT, AT, "policy:consent", "POLICY",
                null);
    }

    static RecordedWrites handle(LedgerEvent event, String table) {
        RecordedWrites writes = new RecordedWrites(table);
        new AlertConsumer().handle(envelope(event), writes);
        // alerts write at once: a later close must see the alert raised before it in the same batch
        assertThat(writes.inserted).isEmpty();
        return writes;
    }

    @Test
    void aFlagRaisesAnAlertKeyedByItsEvent() {
        RecordedWrites writes = handle(new ContributionFlagged(PLEDGE, "consent withdrawn by ISR"), "alert");
        assertThat(writes.now).singleElement().satisfies(s -> {
            assertThat(s.sql()).startsWith("INSERT INTO alert ");
            assertThat(s.arguments()).containsSubsequence("event-1", 42L);
            assertThat(s.arguments()).contains("isf-idn", "consent withdrawn by ISR", "policy:consent");
        });
    }

    @Test
    void aCaveatRaisesAnAlertOnlyWhenFlaggedForTheCommander() {
        assertThat(handle(new CaveatDeclared(PLEDGE, CaveatId.of("c"), CaveatKind.TIME, "days only", false), "alert").now).isEmpty();
        assertThat(handle(new CaveatDeclared(PLEDGE, CaveatId.of("c"), CaveatKind.TIME, "days only", true), "alert").now)
                .singleElement().satisfies(s -> assertThat(s.arguments())
                        .contains("Caveat declared after transfer of authority (TIME): days only"));
    }

    @Test
    void leavingTheForceClosesThePledgesAlerts() {
        assertThat(handle(new ContributionWithdrawn(PLEDGE, ISF, Nation.of("IDN"), "recalled", true), "alert").now).singleElement()
                .satisfies(s -> {
                    assertThat(s.sql()).startsWith("UPDATE alert SET closed_at");
                    assertThat(s.arguments()).contains("Pledge withdrawn: recalled", "isf-idn");
                });
        assertThat(handle(new ContributionRejected(PLEDGE, ISF, Nation.of("IDN"), "not needed"), "alert").now).singleElement()
                .satisfies(s -> assertThat(s.arguments()).contains("Pledge rejected: not needed"));
    }

    @Test
    void aRebuildWritesIntoTheTableItIsGiven() {
        assertThat(handle(new ContributionFlagged(PLEDGE, "r"), "alert_rebuild").now).singleElement()
                .satisfies(s -> assertThat(s.sql()).startsWith("INSERT INTO alert_rebuild "));
    }

    @Test
    void otherEventsChangeNoAlert() {
        assertThat(handle(new RulesOfEngagementAcknowledged(PLEDGE, ISF, 2), "alert").now).isEmpty();
        assertThat(handle(new ForceActivated(ISF, MandateId.of("m"), StructureId.of("hq"), PostId.of("cdr"), 1), "alert").now).isEmpty();
    }
}
