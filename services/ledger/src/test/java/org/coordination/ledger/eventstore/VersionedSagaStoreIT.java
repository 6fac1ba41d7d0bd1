package org.coordination.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
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
 * The saga store the policies run on reads a saga's associations again exactly when its row changed:
 * a remembered set is used while the row is at the version it was read at, and never a set written by
 * a transaction that has not committed (or that changed it again before committing), nor one another
 * instance has since replaced; and it hands out the saga's state its own committed update wrote, once,
 * without reading it, while the row is at that version.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VersionedSagaStoreIT {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        EmbeddedLedgerDatabase.register(registry);
    }

    /** A saga the store can serialize; its state does not matter here. */
    public static class TestSaga {
        public String note = "test";
    }

    static final AssociationValue FORCE = new AssociationValue("forceId", "f-1");

    /** An event of a pledge, as a policy that follows a force's pledges meets it: by its force and by its own id. */
    public interface PledgeEvent {
        String contributionId();
    }

    public record Pledged(String forceId, String contributionId) implements PledgeEvent {
    }

    /** A saga with two handlers of a pledge, each by its own association property, as the policies have. */
    public static class PledgeFollowing {
        public String note = "test";

        @SagaEventHandler(associationProperty = "forceId")
        void on(Pledged event) {
        }

        @SagaEventHandler(associationProperty = "contributionId")
        void on(PledgeEvent event) {
        }
    }

    @Autowired
    SagaStore<Object> store;
    @Autowired
    DataSource dataSource;
    @Autowired
    Serializer serializer;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    String sagaId;

    @BeforeEach
    void aSagaAssociatedWithAForce() {
        sagaId = UUID.randomUUID().toString();
        transactions.executeWithoutResult(tx -> store.insertSaga(TestSaga.class, sagaId, new TestSaga(), Set.of(FORCE)));
    }

    @Test
    void theLedgerRunsThePoliciesOnThisStore() {
        assertThat(store).isInstanceOf(VersionedSagaStore.class);
    }

    @Test
    void aRememberedSetIsUsedWhileTheRowIsAtItsVersion() {
        assertThat(associations()).containsExactly(FORCE);
        // an association row changed behind the store's back, the saga's row left as it was: a store that
        // read the associations again would see it; this one answers what that version was written with
        jdbc.update("INSERT INTO association_value_entry (association_key, association_value, saga_type, saga_id) VALUES (?, ?, ?, ?)",
                "contributionId", "behind-the-back", TestSaga.class.getName(), sagaId);
        assertThat(associations()).containsExactly(FORCE);
        // once the row is written by a transaction other than this store's updates, they are read again
        jdbc.update("UPDATE saga_entry SET revision = revision WHERE saga_id = ?", sagaId);
        assertThat(associations()).containsExactlyInAnyOrder(FORCE, new AssociationValue("contributionId", "behind-the-back"));
    }

    @Test
    void theSetACommittedUpdateWroteIsUsedWithoutReadingIt() {
        transactions.executeWithoutResult(tx -> update(Set.of(new AssociationValue("contributionId", "c-1"))));
        jdbc.update("INSERT INTO association_value_entry (association_key, association_value, saga_type, saga_id) VALUES (?, ?, ?, ?)",
                "contributionId", "behind-the-back", TestSaga.class.getName(), sagaId);
        assertThat(associations()).containsExactlyInAnyOrder(FORCE, new AssociationValue("contributionId", "c-1"));
    }

    @Test
    void anUpdateRemovesAndAddsAssociations() {
        transactions.executeWithoutResult(tx -> update(Set.of(new AssociationValue("contributionId", "c-1"),
                new AssociationValue("contributionId", "c-2"))));
        transactions.executeWithoutResult(tx -> {
            AssociationValuesImpl values = new AssociationValuesImpl(associations());
            values.remove(new AssociationValue("contributionId", "c-1"));
            store.updateSaga(TestSaga.class, sagaId, new TestSaga(), values);
        });
        assertThat(associations()).containsExactlyInAnyOrder(FORCE, new AssociationValue("contributionId", "c-2"));
        assertThat(jdbc.queryForList("SELECT association_value FROM association_value_entry WHERE saga_id = ? ORDER BY association_value",
                String.class, sagaId)).containsExactly("c-2", "f-1");
        assertThat(store.findSagas(TestSaga.class, new AssociationValue("contributionId", "c-2"))).containsExactly(sagaId);
        assertThat(store.findSagas(TestSaga.class, new AssociationValue("contributionId", "c-1"))).isEmpty();
    }

    @Test
    void anUpdateOfASagaWhoseRowIsGoneStoresItWholeWithEachAssociationOnce() {
        AssociationValuesImpl values = new AssociationValuesImpl(associations());
        values.add(new AssociationValue("contributionId", "c-9"));
        jdbc.update("DELETE FROM association_value_entry WHERE saga_id = ?", sagaId);
        jdbc.update("DELETE FROM saga_entry WHERE saga_id = ?", sagaId);
        transactions.executeWithoutResult(tx -> store.updateSaga(TestSaga.class, sagaId, new TestSaga(), values));
        assertThat(jdbc.queryForList("SELECT association_value FROM association_value_entry WHERE saga_id = ? ORDER BY association_value",
                String.class, sagaId)).containsExactly("c-9", "f-1");
        assertThat(associations()).containsExactlyInAnyOrder(FORCE, new AssociationValue("contributionId", "c-9"));
    }

    @Test
    void anUpdateByAnotherInstanceIsSeen() {
        assertThat(associations()).containsExactly(FORCE);
        SagaStore<Object> otherInstance = axonStore();
        AssociationValuesImpl values = new AssociationValuesImpl(Set.of(FORCE));
        values.add(new AssociationValue("contributionId", "c-other"));
        transactions.executeWithoutResult(tx -> otherInstance.updateSaga(TestSaga.class, sagaId, new TestSaga(), values));
        assertThat(associations()).containsExactlyInAnyOrder(FORCE, new AssociationValue("contributionId", "c-other"));
    }

    @Test
    void aVersionTheLoadingTransactionWroteIsNotRemembered() {
        transactions.executeWithoutResult(tx -> {
            update(Set.of(new AssociationValue("contributionId", "c-1")));
            assertThat(associations()).containsExactlyInAnyOrder(FORCE, new AssociationValue("contributionId", "c-1"));
            // the same transaction writes the row again: the version read above (this transaction's id) is
            // the one the row will have once committed, with a different set
            update(Set.of(new AssociationValue("contributionId", "c-2")));
        });
        assertThat(associations()).containsExactlyInAnyOrder(FORCE,
                new AssociationValue("contributionId", "c-1"), new AssociationValue("contributionId", "c-2"));
    }

    @Test
    void nothingFromATransactionThatRolledBackIsUsed() {
        assertThat(associations()).containsExactly(FORCE);
        transactions.executeWithoutResult(tx -> {
            update(Set.of(new AssociationValue("contributionId", "c-rolled-back")));
            assertThat(associations()).contains(new AssociationValue("contributionId", "c-rolled-back"));
            tx.setRollbackOnly();
        });
        assertThat(associations()).containsExactly(FORCE);
    }

    @Test
    void aDeletedSagaIsNotFound() {
        assertThat(associations()).containsExactly(FORCE);
        // its state held by this instance too: the row's absence decides, not what is held
        transactions.executeWithoutResult(tx -> store.updateSaga(TestSaga.class, sagaId, note("held"), new AssociationValuesImpl(Set.of(FORCE))));
        transactions.executeWithoutResult(tx -> store.deleteSaga(TestSaga.class, sagaId, Set.of(FORCE)));
        assertThat(store.loadSaga(TestSaga.class, sagaId)).isNull();
    }

    @Test
    void theStateACommittedUpdateWroteIsHandedOutOnceWithoutReadingIt() {
        TestSaga written = note("written here");
        transactions.executeWithoutResult(tx -> store.updateSaga(TestSaga.class, sagaId, written, new AssociationValuesImpl(Set.of(FORCE))));
        // the very instance written (a saga read from the row would be a new one), exactly once
        Object first = store.loadSaga(TestSaga.class, sagaId).saga();
        assertThat(first).isSameAs(written);
        // taken out: a second load (the instance may have been changed in place since) reads the row
        Object second = store.loadSaga(TestSaga.class, sagaId).saga();
        assertThat(second).isNotSameAs(written);
        assertThat(((TestSaga) second).note).isEqualTo("written here");
    }

    @Test
    void theStateIsReadAgainOnceTheRowChanged() {
        TestSaga written = note("written here");
        transactions.executeWithoutResult(tx -> store.updateSaga(TestSaga.class, sagaId, written, new AssociationValuesImpl(Set.of(FORCE))));
        // another instance (or anything else) writes the row: a new version, whose state is read
        jdbc.update("UPDATE saga_entry SET serialized_saga = ? WHERE saga_id = ?",
                serializer.serialize(note("another instance"), byte[].class).getData(), sagaId);
        TestSaga loaded = (TestSaga) store.loadSaga(TestSaga.class, sagaId).saga();
        assertThat(loaded).isNotSameAs(written);
        assertThat(loaded.note).isEqualTo("another instance");
    }

    @Test
    void aSagaFoundAtTheVersionThisStoreWroteIsLoadedFromWhatTheFindSaw() {
        TestSaga written = note("written here");
        transactions.executeWithoutResult(tx -> store.updateSaga(TestSaga.class, sagaId, written, new AssociationValuesImpl(Set.of(FORCE))));
        transactions.executeWithoutResult(tx -> {
            assertThat(store.findSagas(TestSaga.class, FORCE)).contains(sagaId); // every case's saga is associated with the force
            // the row written behind the store's back after the find: a load that read the row would see it; this one
            // decides on the version the find saw, which is the one this store wrote and holds, and makes no statement
            jdbc.update("UPDATE saga_entry SET serialized_saga = ? WHERE saga_id = ?",
                    serializer.serialize(note("after the find"), byte[].class).getData(), sagaId);
            SagaStore.Entry<TestSaga> loaded = store.loadSaga(TestSaga.class, sagaId);
            assertThat(loaded.saga()).isSameAs(written);
            assertThat(loaded.associationValues()).containsExactly(FORCE);
        });
    }

    @Test
    void aLoadAfterAWriteInTheSameTransactionReadsTheRowWhateverTheFindSaw() {
        transactions.executeWithoutResult(tx -> store.updateSaga(TestSaga.class, sagaId, note("written here"), new AssociationValuesImpl(Set.of(FORCE))));
        transactions.executeWithoutResult(tx -> {
            assertThat(store.findSagas(TestSaga.class, FORCE)).contains(sagaId); // saw the version this store wrote and holds
            store.updateSaga(TestSaga.class, sagaId, note("written again in this transaction"), new AssociationValuesImpl(Set.of(FORCE)));
            assertThat(((TestSaga) store.loadSaga(TestSaga.class, sagaId).saga()).note).isEqualTo("written again in this transaction");
        });
    }

    @Test
    void aSagaFoundAtAVersionAnotherInstanceWroteIsRead() {
        TestSaga written = note("written here");
        transactions.executeWithoutResult(tx -> store.updateSaga(TestSaga.class, sagaId, written, new AssociationValuesImpl(Set.of(FORCE))));
        AssociationValuesImpl values = new AssociationValuesImpl(Set.of(FORCE));
        values.add(new AssociationValue("contributionId", "c-other"));
        transactions.executeWithoutResult(tx -> axonStore().updateSaga(TestSaga.class, sagaId, note("another instance"), values));
        transactions.executeWithoutResult(tx -> {
            assertThat(store.findSagas(TestSaga.class, FORCE)).contains(sagaId); // every case's saga is associated with the force
            SagaStore.Entry<TestSaga> loaded = store.loadSaga(TestSaga.class, sagaId);
            assertThat(loaded.saga()).isNotSameAs(written);
            assertThat(loaded.saga().note).isEqualTo("another instance");
            assertThat(loaded.associationValues()).containsExactlyInAnyOrder(FORCE, new AssociationValue("contributionId", "c-other"));
        });
    }

    @Test
    void noStateFromATransactionThatRolledBackIsHandedOut() {
        TestSaga committed = note("committed");
        transactions.executeWithoutResult(tx -> store.updateSaga(TestSaga.class, sagaId, committed, new AssociationValuesImpl(Set.of(FORCE))));
        transactions.executeWithoutResult(tx -> {
            TestSaga changed = (TestSaga) store.loadSaga(TestSaga.class, sagaId).saga();
            assertThat(changed).isSameAs(committed);
            changed.note = "changed, then rolled back"; // as a policy changes its saga in place
            store.updateSaga(TestSaga.class, sagaId, changed, new AssociationValuesImpl(Set.of(FORCE)));
            tx.setRollbackOnly();
        });
        TestSaga loaded = (TestSaga) store.loadSaga(TestSaga.class, sagaId).saga();
        assertThat(loaded).isNotSameAs(committed);
        assertThat(loaded.note).isEqualTo("committed");
    }

    @Test
    void theAssociationValuesOfABatchsEventsAreFoundByItsFirstFindAndHoldUntilAWrite() {
        AssociationValue pledge = new AssociationValue("contributionId", "c-1");
        AssociationValue otherForce = new AssociationValue("forceId", "f-2");
        String ofTheForce = UUID.randomUUID().toString();
        String ofThePledge = UUID.randomUUID().toString();
        transactions.executeWithoutResult(tx -> {
            store.insertSaga(PledgeFollowing.class, ofTheForce, new PledgeFollowing(), Set.of(FORCE));
            store.insertSaga(PledgeFollowing.class, ofThePledge, new PledgeFollowing(), Set.of(pledge));
        });
        String later = UUID.randomUUID().toString();
        transactions.executeWithoutResult(tx -> {
            BatchingUnitOfWork<?> batch = new BatchingUnitOfWork<>(List.of(
                    GenericEventMessage.asEventMessage(new Pledged("f-1", "c-1")), GenericEventMessage.asEventMessage(new Pledged("f-2", "c-2"))));
            batch.start();
            try {
                assertThat(store.findSagas(PledgeFollowing.class, FORCE)).containsExactly(ofTheForce);
                // associated after the first find, in this transaction: a find by a statement of its own would see it
                for (AssociationValue value : List.of(pledge, otherForce)) {
                    jdbc.update("INSERT INTO association_value_entry (association_key, association_value, saga_type, saga_id) VALUES (?, ?, ?, ?)",
                            value.getKey(), value.getValue(), PledgeFollowing.class.getName(), later);
                }
                assertThat(store.findSagas(PledgeFollowing.class, pledge)).as("answered by the first find's statement").containsExactly(ofThePledge);
                assertThat(store.findSagas(PledgeFollowing.class, otherForce)).as("the second event's value too").isEmpty();
                assertThat(store.findSagas(PledgeFollowing.class, pledge)).as("as often as asked").containsExactly(ofThePledge);
                assertThat(store.findSagas(PledgeFollowing.class, new AssociationValue("contributionId", "none of the batch's")))
                        .as("a value no event of the batch has: its own statement").isEmpty();

                store.updateSaga(PledgeFollowing.class, ofTheForce, new PledgeFollowing(), new AssociationValuesImpl(Set.of(FORCE)));
                assertThat(store.findSagas(PledgeFollowing.class, pledge)).as("after a write, found again").containsExactlyInAnyOrder(ofThePledge, later);
            } finally {
                batch.commit();
            }
        });
    }

    private static TestSaga note(String note) {
        TestSaga saga = new TestSaga();
        saga.note = note;
        return saga;
    }

    private Set<AssociationValue> associations() {
        return store.loadSaga(TestSaga.class, sagaId).associationValues();
    }

    private void update(Set<AssociationValue> added) {
        Set<AssociationValue> current = store.loadSaga(TestSaga.class, sagaId).associationValues();
        AssociationValuesImpl values = new AssociationValuesImpl(current);
        added.forEach(values::add);
        store.updateSaga(TestSaga.class, sagaId, new TestSaga(), values);
    }

    /** Axon's own store on the same database: another instance, which knows nothing of this one's memory. */
    private SagaStore<Object> axonStore() {
        return JdbcSagaStore.builder()
                .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
                .serializer(serializer)
                .sqlSchema(new GenericSagaSqlSchema(VersionedSagaStore.SCHEMA))
                .build();
    }
}
