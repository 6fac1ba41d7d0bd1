package org.coordination.ledger.contract.contribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.coordination.ledger.contract.contribution.ContributionState.COMMITTED;
import static org.coordination.ledger.contract.contribution.ContributionState.CONDITIONAL;
import static org.coordination.ledger.contract.contribution.ContributionState.DEPLOYED;
import static org.coordination.ledger.contract.contribution.ContributionState.OFFERED;
import static org.coordination.ledger.contract.contribution.ContributionState.REJECTED;
import static org.coordination.ledger.contract.contribution.ContributionState.SUSPENDED;
import static org.coordination.ledger.contract.contribution.ContributionState.WITHDRAWN;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.coordination.ledger.contract.common.CaveatId;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.PartyId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.junit.jupiter.api.Test;

/** The pledge life cycle as a table: the predicates per state, and the state after each event. */
class ContributionStateTest {

    static final ContributionId ID = ContributionId.of("isf-idn");
    static final ForceId FORCE = ForceId.of("isf");
    static final Nation IDN = Nation.of("IDN");
    static final Condition MANDATE = new Condition(ConditionType.MANDATE_REQUIRED, null);

    /** One sample of every contribution event; "null" as expected means: the state before. */
    static final Map<ContributionEvent, ContributionState> AFTER = new LinkedHashMap<>();

    static {
        AFTER.put(new ContributionPledged(ID, FORCE, IDN, List.of(), Readiness.L1, List.of(MANDATE), AuthorityLevel.OPCON,
                CONDITIONAL), CONDITIONAL);
        AFTER.put(new ConditionSatisfied(ID, MANDATE, "mandate in force", OFFERED), OFFERED);
        AFTER.put(new ConditionReopened(ID, MANDATE, "mandate ended", CONDITIONAL), CONDITIONAL);
        AFTER.put(new ContributionCommitted(ID, FORCE, IDN, 800, 1), COMMITTED);
        AFTER.put(new AuthorityTransferred(ID, FORCE, IDN, AuthorityLevel.OPCON, StructureId.of("isf-hq"), PostId.of("sector-south")),
                DEPLOYED);
        AFTER.put(new ContributionRejected(ID, FORCE, IDN, "not needed"), REJECTED);
        AFTER.put(new ContributionWithdrawn(ID, FORCE, IDN, "recalled", false), WITHDRAWN);
        AFTER.put(new ContributionBlocked(ID, PartyId.of("ISR"), "objection"), null);
        AFTER.put(new ContributionUnblocked(ID, PartyId.of("ISR")), null);
        AFTER.put(new ContributionFlagged(ID, "operating without an active mandate"), null);
        AFTER.put(new RulesOfEngagementAcknowledgementRequired(ID, 2), null);
        AFTER.put(new RulesOfEngagementAcknowledged(ID, FORCE, 2), null);
        AFTER.put(new CaveatDeclared(ID, CaveatId.of("no-night-ops"), CaveatKind.TIME, "daylight only", false), null);
        AFTER.put(new CaveatLifted(ID, CaveatId.of("no-night-ops")), null);
        AFTER.put(new ContributionSuspended(ID, FORCE, IDN, "investigation", CaveatId.of("no-night-ops"), COMMITTED), SUSPENDED);
        AFTER.put(new ContributionResumed(ID, FORCE, IDN, "investigation closed", COMMITTED), COMMITTED);
    }

    @Test
    void everyContributionEventHasADecidedTransition() {
        Set<Class<?>> sampled = AFTER.keySet().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(sampled)
                .as("a new ContributionEvent needs a row here and a decision in ContributionState.after")
                .containsExactlyInAnyOrderElementsOf(Arrays.asList(ContributionEvent.class.getPermittedSubclasses()));
    }

    @Test
    void theStateAfterEachEventFromEveryState() {
        for (Map.Entry<ContributionEvent, ContributionState> row : AFTER.entrySet()) {
            for (ContributionState before : ContributionState.values()) {
                ContributionState expected = row.getValue() == null ? before : row.getValue();
                assertThat(ContributionState.after(before, row.getKey()))
                        .as("%s after %s", before, row.getKey().getClass().getSimpleName()).isEqualTo(expected);
            }
        }
    }

    @Test
    void anEventThatStatesNoStateLeavesAnUnknownStateUnknown() {
        assertThat(ContributionState.after(null, new ContributionFlagged(ID, "x"))).isNull();
        assertThat(ContributionState.after(null, new ContributionCommitted(ID, FORCE, IDN, 1, 1))).isEqualTo(COMMITTED);
    }

    @Test
    void closedAndInPlayAreComplements() {
        assertThat(states(ContributionState::closed)).containsExactlyInAnyOrder(WITHDRAWN, REJECTED);
        for (ContributionState state : ContributionState.values()) {
            assertThat(state.inPlay()).as("%s", state).isEqualTo(!state.closed());
        }
    }

    @Test
    void whatEachStateAllowsAndCountsFor() {
        assertThat(states(ContributionState::deployed)).containsExactly(DEPLOYED);
        assertThat(states(ContributionState::engaged)).containsExactlyInAnyOrder(COMMITTED, DEPLOYED);
        assertThat(states(ContributionState::countsTowardCeiling)).containsExactlyInAnyOrder(COMMITTED, DEPLOYED);
        assertThat(states(ContributionState::canCommit)).containsExactly(OFFERED);
        assertThat(states(ContributionState::canTransfer)).containsExactly(COMMITTED);
        assertThat(states(ContributionState::canReject)).containsExactlyInAnyOrder(CONDITIONAL, OFFERED, COMMITTED, SUSPENDED);
        assertThat(states(ContributionState::canSuspend)).containsExactlyInAnyOrder(CONDITIONAL, OFFERED, COMMITTED);
        assertThat(states(ContributionState::answersToConditions)).containsExactlyInAnyOrder(CONDITIONAL, OFFERED, COMMITTED, SUSPENDED);
    }

    @Test
    void aSuspendedPledgeIsInPlayButNeitherCountsNorMovesOn() {
        assertThat(SUSPENDED.inPlay()).isTrue();
        assertThat(SUSPENDED.closed()).isFalse();
        assertThat(SUSPENDED.countsTowardCeiling()).isFalse();
        assertThat(SUSPENDED.canCommit()).isFalse();
        assertThat(SUSPENDED.canTransfer()).isFalse();
        assertThat(ContributionState.after(SUSPENDED, new ContributionResumed(ID, FORCE, IDN, "cleared", OFFERED))).isEqualTo(OFFERED);
    }

    private static Set<ContributionState> states(Predicate<ContributionState> predicate) {
        return EnumSet.allOf(ContributionState.class).stream().filter(predicate).collect(Collectors.toCollection(() -> EnumSet.noneOf(ContributionState.class)));
    }
}
