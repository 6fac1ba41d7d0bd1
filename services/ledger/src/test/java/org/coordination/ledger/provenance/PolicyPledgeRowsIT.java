package org.coordination.ledger.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.saga.AnnotatedSaga;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.metamodel.AnnotationSagaMetaModelFactory;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.Nation;
import org.coordination.ledger.contract.common.RequirementLineId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;
import org.coordination.ledger.contract.contribution.ContributedUnit;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.Readiness;
import org.coordination.ledger.force.policy.RulesOfEngagementPolicy;
import org.coordination.ledger.testsupport.EmbeddedLedgerDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pledges a policy follows are kept a row each ({@code policy_pledge}), on the ledger's saga store: an event
 * of a pledge writes that pledge's row and leaves the others as they were; the policy's serialized state holds no
 * pledge; a policy read back from the database has every pledge it follows, in the order it took them up, with
 * their states and nations; and nothing of a transaction that rolled back is kept.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PolicyPledgeRowsIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    static final AnnotationSagaMetaModelFactory MODELS = new AnnotationSagaMetaModelFactory();

    @Autowired
    SagaStore<Object> store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    ForceId force;
    String sagaId;

    @BeforeEach
    void aPolicyOfAForce() {
        force = ForceId.of("f-" + UUID.randomUUID());
        sagaId = UUID.randomUUID().toString();
        transactions.executeWithoutResult(tx -> store.insertSaga(RulesOfEngagementPolicy.class, sagaId, new RulesOfEngagementPolicy(),
                Set.of(new AssociationValue("forceId", force.value()))));
    }

    @Test
    void anEventOfAPledgeWritesThatPledgesRowAndTheSagaHoldsNone() {
        handle(pledged("c-1", "IDN"), pledged("c-2", "TUR"), pledged("c-3", "QAT"));
        assertThat(rows()).containsExactly("c-1 OFFERED IDN", "c-2 OFFERED TUR", "c-3 OFFERED QAT");
        assertThat(jdbc.queryForObject("SELECT convert_from(serialized_saga, 'UTF8') FROM saga_entry WHERE saga_id = ?", String.class, sagaId))
                .doesNotContain("pledges", "c-1", "IDN");
        long untouched = rowVersion("c-2");

        handle(committed("c-1"), withdrawn("c-3"));

        assertThat(rows()).as("c-1 moved on, c-3 closed and forgotten").containsExactly("c-1 COMMITTED IDN", "c-2 OFFERED TUR");
        assertThat(rowVersion("c-2")).as("a pledge no event touched is not written again").isEqualTo(untouched);
    }

    @Test
    void aSingleEventOfAPledgeIsWrittenWithTheSagasRow() {
        handle(pledged("c-1", "IDN"));
        handle(pledged("c-2", "TUR"));
        assertThat(rows()).as("each new pledge, its association and the saga's row in one statement")
                .containsExactly("c-1 OFFERED IDN", "c-2 OFFERED TUR");
        assertThat(jdbc.queryForList("SELECT association_value FROM association_value_entry WHERE saga_id = ? AND association_key = ? "
                + "ORDER BY association_value", String.class, sagaId, "contributionId")).containsExactly("c-1", "c-2");

        handle(committed("c-2"));
        assertThat(rows()).containsExactly("c-1 OFFERED IDN", "c-2 COMMITTED TUR");
        long sagaRow = jdbc.queryForObject("SELECT xmin::text::bigint FROM saga_entry WHERE saga_id = ?", Long.class, sagaId);
        assertThat(rowVersion("c-2")).as("written in the transaction that wrote the saga's row").isEqualTo(sagaRow);
    }

    @Test
    void aPolicyWhoseRowIsGoneIsStoredAgainWithAllItsPledges() {
        handle(pledged("c-1", "IDN"), pledged("c-2", "TUR"));
        RulesOfEngagementPolicy policy = (RulesOfEngagementPolicy) store.loadSaga(RulesOfEngagementPolicy.class, sagaId).saga();
        jdbc.update("DELETE FROM policy_pledge WHERE saga_id = ?", sagaId);
        jdbc.update("DELETE FROM saga_entry WHERE saga_id = ?", sagaId);

        transactions.executeWithoutResult(tx -> {
            AnnotatedSaga<RulesOfEngagementPolicy> saga = annotated(sagaId, Set.of(new AssociationValue("forceId", force.value()),
                    new AssociationValue("contributionId", "c-1"), new AssociationValue("contributionId", "c-2")), policy);
            // one change, taken to be written beside the update, which finds no row: the policy is stored again whole
            saga.handle(GenericEventMessage.asEventMessage(committed("c-1")));
            store.updateSaga(RulesOfEngagementPolicy.class, sagaId, saga.root(), saga.getAssociationValues());
        });

        assertThat(rows()).containsExactly("c-1 COMMITTED IDN", "c-2 OFFERED TUR");
    }

    @Test
    void aPolicyReadBackFromTheDatabaseFollowsEveryPledgeInTheOrderItTookThemUp() {
        handle(pledged("c-3", "QAT"), pledged("c-1", "IDN"));
        handle(pledged("c-2", "TUR"), committed("c-3"));
        // the row written behind the store's back: a new version, so the policy is read from the database, not handed
        // out from what this store's last update left in memory
        jdbc.update("UPDATE saga_entry SET revision = revision WHERE saga_id = ?", sagaId);

        RulesOfEngagementPolicy read = (RulesOfEngagementPolicy) store.loadSaga(RulesOfEngagementPolicy.class, sagaId).saga();

        assertThat(inPlay(read.pledges())).containsExactly("c-3 COMMITTED", "c-1 OFFERED", "c-2 OFFERED");
        assertThat(read.pledges().nation("c-2")).isEqualTo("TUR");
        assertThat(read.pledges().nation("c-3")).isEqualTo("QAT");
    }

    @Test
    void nothingOfATransactionThatRolledBackIsKept() {
        handle(pledged("c-1", "IDN"));
        transactions.executeWithoutResult(tx -> {
            apply(List.of(pledged("c-rolled-back", "PAK"), committed("c-1")));
            tx.setRollbackOnly();
        });
        assertThat(rows()).containsExactly("c-1 OFFERED IDN");
        RulesOfEngagementPolicy read = (RulesOfEngagementPolicy) store.loadSaga(RulesOfEngagementPolicy.class, sagaId).saga();
        assertThat(inPlay(read.pledges())).containsExactly("c-1 OFFERED");
    }

    @Test
    void thePoliciesOfOneTransactionAreAllWritten() {
        String otherSaga = UUID.randomUUID().toString();
        ForceId otherForce = ForceId.of("f-" + UUID.randomUUID());
        transactions.executeWithoutResult(tx -> store.insertSaga(RulesOfEngagementPolicy.class, otherSaga, new RulesOfEngagementPolicy(),
                Set.of(new AssociationValue("forceId", otherForce.value()))));
        transactions.executeWithoutResult(tx -> {
            apply(List.of(pledged("c-1", "IDN")));
            apply(otherSaga, otherForce, List.of(pledged(otherForce, "c-9", "ARE")));
        });
        assertThat(rows()).containsExactly("c-1 OFFERED IDN");
        assertThat(rows(otherSaga)).containsExactly("c-9 OFFERED ARE");
    }

    /** The events handled by the policy as its processor does, in one transaction: loaded, handled, updated. */
    private void handle(ContributionEvent... events) {
        transactions.executeWithoutResult(tx -> apply(List.of(events)));
    }

    private void apply(List<ContributionEvent> events) {
        apply(sagaId, force, events);
    }

    private void apply(String id, ForceId ofForce, List<ContributionEvent> events) {
        SagaStore.Entry<RulesOfEngagementPolicy> entry = store.loadSaga(RulesOfEngagementPolicy.class, id);
        AnnotatedSaga<RulesOfEngagementPolicy> saga = annotated(id, entry.associationValues(), entry.saga());
        for (ContributionEvent event : events) {
            saga.handle(GenericEventMessage.asEventMessage(event));
        }
        store.updateSaga(RulesOfEngagementPolicy.class, id, saga.root(), saga.getAssociationValues());
    }

    private static AnnotatedSaga<RulesOfEngagementPolicy> annotated(String id, Set<AssociationValue> associations,
                                                                   RulesOfEngagementPolicy policy) {
        return new AnnotatedSaga<>(id, associations, policy, MODELS.modelOf(RulesOfEngagementPolicy.class),
                MODELS.chainedInterceptor(RulesOfEngagementPolicy.class));
    }

    private ContributionPledged pledged(String contribution, String nation) {
        return pledged(force, contribution, nation);
    }

    private static ContributionPledged pledged(ForceId to, String contribution, String nation) {
        return new ContributionPledged(ContributionId.of(contribution), to, Nation.of(nation),
                List.of(new ContributedUnit(RequirementLineId.of("infantry"), "Infantry", 150)), Readiness.L2, List.of(),
                AuthorityLevel.OPCON, ContributionState.OFFERED);
    }

    private ContributionCommitted committed(String contribution) {
        return new ContributionCommitted(ContributionId.of(contribution), force, Nation.of("IDN"), 150, 1);
    }

    private ContributionWithdrawn withdrawn(String contribution) {
        return new ContributionWithdrawn(ContributionId.of(contribution), force, Nation.of("QAT"), "Recalled", false);
    }

    private List<String> rows() {
        return rows(sagaId);
    }

    private List<String> rows(String id) {
        return jdbc.queryForList("SELECT contribution_id || ' ' || state || ' ' || nation FROM policy_pledge WHERE saga_id = ? ORDER BY position",
                String.class, id);
    }

    private long rowVersion(String contribution) {
        return jdbc.queryForObject("SELECT xmin::text::bigint FROM policy_pledge WHERE saga_id = ? AND contribution_id = ?",
                Long.class, sagaId, contribution);
    }

    private static List<String> inPlay(PolicyPledges pledges) {
        List<String> inPlay = new ArrayList<>();
        pledges.forEachInPlay((id, state) -> inPlay.add(id + " " + state));
        return inPlay;
    }
}
