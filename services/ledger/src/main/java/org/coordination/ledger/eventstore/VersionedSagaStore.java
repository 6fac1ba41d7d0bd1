package org.coordination.ledger.eventstore;

import com.fasterxml.jackson.annotation.JsonIgnoreType;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.SagaStorageException;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's JDBC saga store, except that a saga's association values are read from the database only
 * when the saga's row changed other than through this store's own committed update, and that the saga
 * itself is neither read nor deserialized when this instance holds the state its own last committed
 * update wrote.
 *
 * <p>Why: Axon reads all of a saga's associations every time it loads the saga, and the policies that
 * keep one saga per force are associated with every pledge of the force. Each event of a pledge loaded
 * hundreds of association rows in the benchmark (docs/benchmarks.md, change 32): work in proportion to
 * the force's size, per event.
 *
 * <p>How it stays right: a saga's associations are written only in the transaction that inserts,
 * updates or deletes the saga's row (every update rewrites the row, even when only associations
 * changed). So a committed version of the row — its {@code xmin}, the id of the transaction that
 * wrote it — fixes the set of associations. A set is remembered with the version it belongs to: after
 * an update here commits (the version is the one its UPDATE returned), or when a load reads the set in
 * the same statement (one snapshot) as a version some other transaction committed. A load reads the
 * row's {@code xmin} and the associations only if that version is not the remembered one. A version
 * written by the loading transaction itself (not committed yet, and possibly changed again before it
 * commits) is never remembered by a load, nothing is remembered from a transaction that rolls back,
 * and another instance's update shows as a new {@code xmin}.
 *
 * <p>The saga's state the same way, by ownership: a committed update leaves the instance it wrote in
 * memory with that version; a load that finds the row at that version takes the instance out (the
 * policy changes it in place), and only the next committed update puts one back. A load at any other
 * version reads and deserializes the row as Axon does. Why: a policy's saga holds a state per pledge
 * in play (5–33 KB of JSON in the benchmark), read from its compressed column and parsed again for every
 * event the policy handles: a sixth of the consent policy thread's CPU samples at 32 clients, a twentieth
 * with the state held (docs/benchmarks.md, change 39).
 *
 * <p>And a load that follows a find in the same transaction makes no statement at all when the find saw the
 * row at the version this store's last committed update wrote (the find reads each found row's {@code xmin}
 * with the association): Axon finds a policy's saga and then loads it for every batch with an event the
 * saga handles. Only the processor that holds the policy's segment updates the saga: should another instance
 * take the segment over between the two statements, this batch's token update finds the claim gone and the
 * batch rolls back, as it would have after a load that read the row.
 */
public final class VersionedSagaStore implements SagaStore<Object> {

    /** The tables and columns the migrations create (V1__axon_event_store.sql), which the statements below name too. */
    public static final SagaSchema SCHEMA = SagaSchema.builder()
            .sagaEntryTable("saga_entry")
            .associationValueEntryTable("association_value_entry")
            .sagaIdColumn("saga_id")
            .sagaTypeColumn("saga_type")
            .revisionColumn("revision")
            .serializedSagaColumn("serialized_saga")
            .associationKeyColumn("association_key")
            .associationValueColumn("association_value")
            .build();

    /**
     * The row, and its associations when its version is not the remembered one (the CASE evaluates
     * the sub-selects only then). The two arrays come from one snapshot, in one order.
     */
    private static final String LOAD = """
            SELECT e.xmin::text::bigint,
                   e.xmin::text::bigint = (pg_current_xact_id_if_assigned()::text::bigint % 4294967296),
                   CASE WHEN e.xmin::text::bigint = ? THEN NULL ELSE e.serialized_saga END, e.saga_type, e.revision,
                   CASE WHEN e.xmin::text::bigint = ? THEN NULL ELSE ARRAY(
                       SELECT a.association_key FROM association_value_entry a
                        WHERE a.saga_id = e.saga_id AND a.saga_type = e.saga_type ORDER BY a.id) END,
                   CASE WHEN e.xmin::text::bigint = ? THEN NULL ELSE ARRAY(
                       SELECT a.association_value FROM association_value_entry a
                        WHERE a.saga_id = e.saga_id AND a.saga_type = e.saga_type ORDER BY a.id) END
              FROM saga_entry e
             WHERE e.saga_id = ?
            """;
    /** Axon's find, with the version each found saga's row is at (and the value, as {@link #FIND_ANY} has it). */
    private static final String FIND = """
            SELECT a.association_key, a.association_value, a.saga_id, e.xmin::text::bigint
              FROM association_value_entry a LEFT JOIN saga_entry e ON e.saga_id = a.saga_id
             WHERE a.saga_type = ? AND a.association_key = ? AND a.association_value = ?
            """;
    /**
     * {@link #FIND} for several values, by the power of two of their count ({@link PaddedBlocks}), each value looked up
     * through the associations' index. As a plain join, the generic plan of some shapes came out as a scan of most of
     * the table (2.2 ms a call for 8 and 16 values, 340 buffers read, where the index takes 0.04; docs/benchmarks.md,
     * change 57); the lateral subquery, which its {@code OFFSET 0} keeps from being flattened into a join, leaves the
     * planner only the lookups by value.
     */
    static final String[] FIND_ANY = PaddedBlocks.shapes(power -> """
            SELECT f.association_key, f.association_value, f.saga_id, f.version
              FROM (VALUES %s) AS v(key, value)
              CROSS JOIN LATERAL (
                SELECT a.association_key, a.association_value, a.saga_id, e.xmin::text::bigint AS version
                  FROM association_value_entry a LEFT JOIN saga_entry e ON e.saga_id = a.saga_id
                 WHERE a.saga_type = ? AND a.association_key = v.key AND a.association_value = v.value
                OFFSET 0) f
            """.formatted(PaddedBlocks.repeat(power, "(?::text, ?::text)", "(?, ?)")));

    /**
     * The update of a saga's row, which returns the row's new version; with {@link #ADDED} and a row of
     * {@link SagaStateRows#besideUpdate} beside it in the same statement. The common case, a policy's saga meeting
     * a new pledge, is then one statement: the row, the association with the pledge and the pledge's row, the
     * latter two written only if the saga's row was there to update. A statement with arrays of any length
     * instead was planned again at every execution (docs/benchmarks.md).
     */
    private static final String UPDATED =
            "WITH updated AS (UPDATE saga_entry SET serialized_saga = ?, revision = ? WHERE saga_id = ? RETURNING xmin::text::bigint AS version)";
    private static final String ADDED = """
            , added AS (INSERT INTO association_value_entry (association_key, association_value, saga_type, saga_id)
                        SELECT ?, ?, ?, ? FROM updated)""";
    private static final String VERSION = " SELECT version FROM updated";
    private static final String INSERT_ASSOCIATION =
            "INSERT INTO association_value_entry (association_key, association_value, saga_type, saga_id) VALUES (?, ?, ?, ?)";
    private static final String DELETE_ASSOCIATION =
            "DELETE FROM association_value_entry WHERE association_key = ? AND association_value = ? AND saga_type = ? AND saga_id = ?";

    /** A committed version of a saga's row and the associations it was written with. */
    private record Known(long version, Set<AssociationValue> associations) {
    }

    /**
     * What a transaction's finds left for the loads and finds after them: the version each found saga's row was
     * at, and, by saga type, the sagas associated with each association value of the batch's events.
     */
    private record Finds(Map<String, Long> seen, Map<String, Map<AssociationValue, Set<String>>> ahead) {
    }

    /** The saga's state a committed update wrote, at that version, and its weight: its JSON's length and its rows'. */
    private record Held(long version, Object saga, int bytes) {
    }

    private final JdbcSagaStore writes;
    private final ConnectionProvider connections;
    private final Serializer serializer;
    private final Cache<String, Known> known;
    private final Cache<String, Held> held;
    /** The key of what this store's finds left for the rest of a transaction ({@link #findSagas}). */
    private final Object findsKey = new Object();
    /** The rows of the sagas a transaction updated and has not written beside the update, by saga: written before it commits. */
    private final WrittenBeforeCommit<String, SagaStateRows.Saga> pending;
    private final SagaStateRows rows;
    private final SagaEvents events = new SagaEvents();

    /**
     * @param writes      Axon's store, for everything but the load
     * @param connections the same connections as {@code writes} (the processor's transaction)
     * @param serializer  the same serializer as {@code writes}
     * @param size        how many sagas' associations are kept at most
     * @param heldBytes   how much sagas' state is held at most, counted as the length of their JSON and their rows'
     *                    ({@link SagaStateRows#weight})
     * @param rows        the part of the sagas' state kept in rows of its own ({@link #serializerFor} leaves it out)
     */
    public VersionedSagaStore(JdbcSagaStore writes, ConnectionProvider connections, Serializer serializer, long size,
                              long heldBytes, SagaStateRows rows) {
        this.writes = writes;
        this.rows = rows;
        this.pending = new WrittenBeforeCommit<>(sagas -> onConnection("writing the sagas' rows", connection -> this.rows.write(connection, sagas)));
        this.connections = connections;
        this.serializer = serializer;
        this.known = Caffeine.newBuilder().maximumSize(size).build();
        this.held = Caffeine.newBuilder().maximumWeight(heldBytes).<String, Held>weigher((id, state) -> state.bytes()).build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        Known remembered = known.getIfPresent(sagaIdentifier);
        long rememberedVersion = remembered == null ? -1 : remembered.version();
        Held taken = held.asMap().remove(sagaIdentifier); // whatever happens now, no one else may use this instance
        long heldVersion = taken == null ? -1 : taken.version();
        Long seen = seenByFind(sagaIdentifier);
        if (seen != null && taken != null && remembered != null && taken.version() == seen && remembered.version() == seen) {
            return new Loaded<>(remembered.associations(), (S) taken.saga()); // the row is where this store's update left it
        }
        try {
            Connection connection = connections.getConnection();
            try (PreparedStatement statement = connection.prepareStatement(LOAD)) {
                pending.writeNow(); // should this transaction load a saga it already wrote, its rows are there
                statement.setLong(1, heldVersion);
                statement.setLong(2, rememberedVersion);
                statement.setLong(3, rememberedVersion);
                statement.setString(4, sagaIdentifier);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return null;
                    }
                    long version = row.getLong(1);
                    boolean ownWrite = row.getBoolean(2);
                    S saga;
                    if (taken != null && version == heldVersion) {
                        saga = (S) taken.saga();
                    } else {
                        saga = serializer.deserialize(new SimpleSerializedObject<>(
                                row.getBytes(3), byte[].class, row.getString(4), row.getString(5)));
                        rows.read(connection, sagaIdentifier, saga);
                    }
                    Set<AssociationValue> associations;
                    if (remembered != null && version == rememberedVersion) {
                        associations = remembered.associations();
                    } else {
                        associations = associations(row.getArray(6), row.getArray(7));
                        if (!ownWrite) {
                            known.put(sagaIdentifier, new Known(version, associations));
                        }
                    }
                    return new Loaded<>(associations, saga);
                }
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw new SagaStorageException("Exception while loading saga " + sagaIdentifier, e);
        }
    }

    private static Set<AssociationValue> associations(Array keys, Array values) throws SQLException {
        String[] key = (String[]) keys.getArray();
        String[] value = (String[]) values.getArray();
        Set<AssociationValue> associations = new HashSet<>(key.length * 2);
        for (int i = 0; i < key.length; i++) {
            associations.add(new AssociationValue(key[i], value[i]));
        }
        return Collections.unmodifiableSet(associations);
    }

    /**
     * Axon's find, which also notes, for this transaction, the version each found saga's row is at. A load that
     * follows in the transaction (Axon loads every saga it finds) needs no statement of its own when that version is
     * the one this store's last committed update wrote: the state and the associations are the ones it holds. The
     * policies' processor finds and loads a saga for each batch with an event it handles; the load was a statement
     * per command at 32 clients (docs/benchmarks.md, change 44).
     *
     * <p>And the first find of a batch finds every association value of every event in the batch (a processor's
     * batch is its unit of work's), in one statement: Axon finds each value of each event in turn, a statement each;
     * each of the three policies that follow a force's pledges finds a pledge by its force and by its own id, and
     * the finds were 1.47 statements per command at 32 clients (docs/benchmarks.md, changes 46 and 49). The
     * answers hold for the whole batch: Axon writes the sagas of a batch (and their associations) only when it
     * prepares to commit, and finds the sagas a batch created or changed among those it manages; a write through
     * this store drops them all the same. Only the processor holding the policy's segment writes the saga type, as
     * above. Which values an event has is the saga's handlers' to say, as for Axon ({@link SagaEvents}); a value
     * they did not name is found on its own.
     */
    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return writes.findSagas(sagaType, associationValue);
        }
        Finds transaction = findsOfThisTransaction();
        String typeName = serializer.typeForClass(sagaType).getName();
        Map<AssociationValue, Set<String>> ahead = transaction.ahead().get(typeName);
        if (ahead == null) { // once per batch and saga type (again after a write): a batch of a single value finds it alone
            Set<AssociationValue> batch = events.ofBatch(sagaType);
            ahead = batch.size() > 1 ? find(typeName, List.copyOf(batch), transaction) : Map.of();
            transaction.ahead().put(typeName, ahead);
        }
        if (ahead.containsKey(associationValue)) {
            return new TreeSet<>(ahead.get(associationValue));
        }
        return find(typeName, List.of(associationValue), transaction).get(associationValue);
    }

    /** The sagas of the type associated with each of {@code values}, in a statement per block; the versions noted in {@code transaction}. */
    private Map<AssociationValue, Set<String>> find(String typeName, List<AssociationValue> values, Finds transaction) {
        Map<AssociationValue, Set<String>> found = new HashMap<>();
        values.forEach(value -> found.put(value, new TreeSet<>()));
        try {
            Connection connection = connections.getConnection();
            try {
                if (values.size() == 1) {
                    try (PreparedStatement statement = connection.prepareStatement(FIND)) {
                        statement.setString(1, typeName);
                        statement.setString(2, values.get(0).getKey());
                        statement.setString(3, values.get(0).getValue());
                        collect(statement, found, transaction);
                    }
                } else {
                    for (List<AssociationValue> block : PaddedBlocks.blocks(values)) {
                        int power = PaddedBlocks.power(block.size());
                        try (PreparedStatement statement = connection.prepareStatement(FIND_ANY[power])) {
                            for (int i = 0; i < 1 << power; i++) {
                                statement.setString(2 * i + 1, PaddedBlocks.padded(block, i).getKey());
                                statement.setString(2 * i + 2, PaddedBlocks.padded(block, i).getValue());
                            }
                            statement.setString(2 * (1 << power) + 1, typeName);
                            collect(statement, found, transaction);
                        }
                    }
                }
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw new SagaStorageException("Exception while finding sagas by " + values, e);
        }
        return found;
    }

    /** Each found saga under its association value, and the version of its row in {@code transaction}. */
    private static void collect(PreparedStatement statement, Map<AssociationValue, Set<String>> found, Finds transaction)
            throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(3);
                found.computeIfAbsent(new AssociationValue(rows.getString(1), rows.getString(2)), value -> new TreeSet<>()).add(id);
                long version = rows.getLong(4);
                if (!rows.wasNull()) {
                    transaction.seen().put(id, version);
                }
            }
        }
    }

    /** The version a find of this transaction saw the saga's row at, once (null: none did). */
    private Long seenByFind(String sagaIdentifier) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Finds finds = (Finds) TransactionSynchronizationManager.getResource(findsKey);
        return finds == null ? null : finds.seen().remove(sagaIdentifier);
    }

    private Finds findsOfThisTransaction() {
        Finds finds = (Finds) TransactionSynchronizationManager.getResource(findsKey);
        if (finds == null) {
            finds = new Finds(new HashMap<>(), new HashMap<>());
            TransactionSynchronizationManager.bindResource(findsKey, finds);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(findsKey);
                }
            });
        }
        return finds;
    }

    /** A write in this transaction: what its finds saw (answers found ahead, rows' versions) may no longer hold. */
    private void writing() {
        Finds finds = (Finds) TransactionSynchronizationManager.getResource(findsKey);
        if (finds != null) {
            finds.ahead().clear();
            finds.seen().clear();
        }
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        writing();
        pending.forget(sagaIdentifier);
        writes.deleteSaga(sagaType, sagaIdentifier, associationValues);
        onConnection("deleting the rows of saga " + sagaIdentifier, connection -> rows.delete(connection, sagaIdentifier));
        known.invalidate(sagaIdentifier);
        held.invalidate(sagaIdentifier);
    }

    @Override
    public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        writing();
        writes.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
        writeWholeRows(sagaIdentifier, saga);
    }

    /**
     * Axon's update, except that the row's new version comes back from the UPDATE ({@code RETURNING
     * xmin}: this transaction's id), the association rows go in one batch of inserts and one of
     * deletes instead of a statement each (a single added one in the update's own statement, with the saga's one
     * changed row of {@link SagaStateRows} if it has one), and the
     * saga's set of associations and the saga's state as written are remembered at that version once,
     * and only if, the transaction commits. Without this the next load always found a new version: every
     * event a policy handles updates its saga.
     *
     * <p>The set remembered is Axon's own, read-only view of the saga's associations, not a copy: a policy that
     * follows a force's pledges is associated with each of them (thousands in a long benchmark), and copying the set
     * twice per update was a third of the policies' processor's CPU at one client (docs/benchmarks.md, change 66).
     * Nothing changes it after the commit, for the same reason that the state held can be used again: Axon's
     * repository drops the saga's instance when the unit of work ends, and the next unit of work builds a new one
     * from what this store loads (its own copy of the associations); only the one thread of the processor that
     * holds the policy's segment loads and updates it.
     */
    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        writing();
        SerializedObject<byte[]> serialized = serializer.serialize(saga, byte[].class);
        // Axon's own set, not a copy (see the method's comment)
        Set<AssociationValue> associations = associationValues.asSet();
        Long version;
        try {
            Connection connection = connections.getConnection();
            try {
                String typeName = serializer.typeForClass(sagaType).getName();
                Set<AssociationValue> added = associationValues.addedAssociations();
                Set<AssociationValue> removed = associationValues.removedAssociations();
                if (removed.isEmpty() && added.size() <= 1) {
                    version = update(connection, sagaIdentifier, serialized, added.isEmpty() ? null : added.iterator().next(),
                            typeName, rows.besideUpdate(sagaIdentifier, saga));
                } else {
                    version = update(connection, sagaIdentifier, serialized, null, typeName, null);
                    if (version != null) {
                        writeAssociations(connection, INSERT_ASSOCIATION, added, typeName, sagaIdentifier);
                        writeAssociations(connection, DELETE_ASSOCIATION, removed, typeName, sagaIdentifier);
                    }
                }
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw new SagaStorageException("Exception while updating saga " + sagaIdentifier, e);
        }
        if (version == null) {
            // as Axon does: a saga whose row is gone is stored again, whole
            writes.insertSaga(sagaType, sagaIdentifier, saga, associations);
            writeWholeRows(sagaIdentifier, saga);
            return;
        }
        writeRows(sagaIdentifier, saga);
        rememberOnCommit(sagaIdentifier, new Known(version, associations),
                new Held(version, saga, serialized.getData().length + rows.weight(saga)));
    }

    private static Long update(Connection connection, String sagaIdentifier, SerializedObject<byte[]> serialized,
                               AssociationValue added, String sagaType, SagaStateRows.Beside beside) throws SQLException {
        String sql = UPDATED + (added == null ? "" : ADDED) + (beside == null ? "" : ", beside AS (" + beside.sql() + ")") + VERSION;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, serialized.getData());
            statement.setString(2, serialized.getType().getRevision());
            statement.setString(3, sagaIdentifier);
            int next = 4;
            if (added != null) {
                statement.setString(next++, added.getKey());
                statement.setString(next++, added.getValue());
                statement.setString(next++, sagaType);
                statement.setString(next++, sagaIdentifier);
            }
            if (beside != null) {
                for (String parameter : beside.parameters()) {
                    statement.setString(next++, parameter);
                }
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private static void writeAssociations(Connection connection, String sql, Set<AssociationValue> values, String sagaType,
                                          String sagaIdentifier) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (AssociationValue value : values) {
                statement.setString(1, value.getKey());
                statement.setString(2, value.getValue());
                statement.setString(3, sagaType);
                statement.setString(4, sagaIdentifier);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /**
     * The saga's rows ({@link SagaStateRows}) the update did not write beside it: in a transaction, written with those
     * of every other saga it wrote, in one batch just before it commits; outside one, now.
     */
    private void writeRows(String sagaIdentifier, Object saga) {
        pending.keep(sagaIdentifier, new SagaStateRows.Saga(sagaIdentifier, saga));
    }

    private void writeWholeRows(String sagaIdentifier, Object saga) {
        pending.forget(sagaIdentifier);
        onConnection("writing the rows of saga " + sagaIdentifier, connection -> rows.writeWhole(connection, sagaIdentifier, saga));
    }

    /** Runs {@code work} on the transaction's connection; a failure is a {@link SagaStorageException} saying {@code what} failed. */
    private void onConnection(String what, ConnectionWork work) {
        try {
            Connection connection = connections.getConnection();
            try {
                work.run(connection);
            } finally {
                connection.close();
            }
        } catch (SQLException e) {
            throw new SagaStorageException("Exception while " + what, e);
        }
    }

    @FunctionalInterface
    private interface ConnectionWork {
        void run(Connection connection) throws SQLException;
    }

    /** Outside a transaction the update and its associations are not one unit: nothing is remembered. */
    private void rememberOnCommit(String sagaIdentifier, Known state, Held written) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                known.put(sagaIdentifier, state);
                held.put(sagaIdentifier, written);
            }
        });
    }

    /**
     * The serializer for the sagas: the general one, except that fields of the type {@code rows} keeps
     * ({@link SagaStateRows#rowType}) are left out of the JSON both ways, and that Jackson's canonicalization
     * of field names is off. Each new map key a parser meets is added to Jackson's shared table of names, which
     * a parser copies before it adds one; when the policies' pledges were a map in their JSON, keyed by
     * contribution ids met once, that copying was a seventh of everything the ledger allocated at 32 clients
     * (JFR, docs/benchmarks.md).
     */
    public static Serializer serializerFor(Serializer general, SagaStateRows rows) {
        if (!(general instanceof JacksonSerializer jackson)) {
            throw new IllegalArgumentException("the sagas' state needs a Jackson serializer to leave out "
                    + rows.rowType().getName() + ", kept in rows of its own");
        }
        ObjectMapper mapper = jackson.getObjectMapper();
        JsonFactory factory = mapper.getFactory().rebuild().disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build();
        ObjectMapper sagas = mapper.copyWith(factory);
        sagas.addMixIn(rows.rowType(), KeptInRows.class);
        return JacksonSerializer.builder().objectMapper(sagas).build();
    }

    /** A type whose values the saga's serialized state leaves out: {@link SagaStateRows} keeps them. */
    @JsonIgnoreType
    private abstract static class KeptInRows {
    }

    private record Loaded<S>(Set<AssociationValue> associationValues, S saga) implements Entry<S> {
    }
}
