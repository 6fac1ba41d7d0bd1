package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.coordination.ledger.consent.policy.ConsentPolicy;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.consent.ObjectionRaised;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.structure.StaffAttached;
import org.junit.jupiter.api.Test;

/** Which events a saga handles, by the names the store keeps payload types under. */
class SagaSkipAheadTest {

    final SagaSkipAhead skipAhead = new SagaSkipAhead(null, null, null, null, Clock.systemUTC(), 10_000, 100_000, Duration.ofSeconds(1), null);

    @Test
    void aSagaHandlesItsHandlersTypesAndEveryMemberOfASealedFamily() {
        assertThat(skipAhead.handledTypes(ConsentPolicy.class)).hasValueSatisfying(types -> assertThat(types)
                .contains(ObjectionRaised.class.getName(), ContributionPledged.class.getName(), ContributionWithdrawn.class.getName())
                .doesNotContain(StaffAttached.class.getName()));
    }

    static class Open {
        @SagaEventHandler(associationProperty = "id")
        void on(LedgerEvent event) {
        }
    }

    @Test
    void aSagaWithAHandlerForAnOpenTypeIsNeverSkipped() {
        assertThat(skipAhead.handledTypes(Open.class)).isEmpty();
    }
}
