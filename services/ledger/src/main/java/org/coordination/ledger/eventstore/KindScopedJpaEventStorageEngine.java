package org.coordination.ledger.eventstore;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SnapshotEventEntry;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JPA engine (the {@code axon-defaults} profile, the benchmark's peer) with streams by kind and
 * id, as {@link KindScopedStatements} does for the JDBC engine: the same rows, the same queries plus the
 * kind, so both engines read and write one ledger alike.
 */
public class KindScopedJpaEventStorageEngine extends JpaEventStorageEngine {

    private static final String ENTRY_FIELDS = "e.type, concat(e.type, ':', e.aggregateIdentifier), e.sequenceNumber, "
            + "e.eventIdentifier, e.timeStamp, e.payloadType, e.payloadRevision, e.payload, e.metaData";

    /** Axon's engine keeps its transaction manager to itself. */
    private final TransactionManager transactions;

    /** @param builder a builder given at least what {@link JpaEventStorageEngine.Builder} requires */
    public KindScopedJpaEventStorageEngine(JpaEventStorageEngine.Builder builder, TransactionManager transactions) {
        super(builder.transactionManager(transactions));
        this.transactions = transactions;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String identifier, long firstSequenceNumber, int batchSize) {
        StreamId stream = StreamId.parse(identifier);
        return transactions.fetchInTransaction(() -> (List<? extends DomainEventData<?>>) entityManager()
                .createQuery("SELECT new org.axonframework.eventhandling.GenericDomainEventEntry(" + ENTRY_FIELDS + ") FROM "
                        + domainEventEntryEntityName() + " e WHERE e.aggregateIdentifier = :id AND e.type = :kind "
                        + "AND e.sequenceNumber >= :seq ORDER BY e.sequenceNumber ASC")
                .setParameter("id", stream.id())
                .setParameter("kind", stream.kind())
                .setParameter("seq", firstSequenceNumber)
                .setMaxResults(batchSize)
                .getResultList());
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String identifier) {
        StreamId stream = StreamId.parse(identifier);
        return transactions.fetchInTransaction(() -> (List<? extends DomainEventData<?>>) entityManager()
                .createQuery("SELECT new org.axonframework.eventhandling.GenericDomainEventEntry(" + ENTRY_FIELDS + ") FROM "
                        + snapshotEventEntryEntityName() + " e WHERE e.aggregateIdentifier = :id AND e.type = :kind "
                        + "ORDER BY e.sequenceNumber DESC")
                .setParameter("id", stream.id())
                .setParameter("kind", stream.kind())
                .setMaxResults(1)
                .getResultList())
                .stream();
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String identifier) {
        StreamId stream = StreamId.parse(identifier);
        return Optional.ofNullable(entityManager()
                .createQuery("SELECT max(e.sequenceNumber) FROM " + domainEventEntryEntityName()
                        + " e WHERE e.aggregateIdentifier = :id AND e.type = :kind", Long.class)
                .setParameter("id", stream.id())
                .setParameter("kind", stream.kind())
                .getSingleResult());
    }

    @Override
    protected void deleteSnapshots(String identifier, long sequenceNumber) {
        StreamId stream = StreamId.parse(identifier);
        entityManager()
                .createQuery("DELETE FROM " + snapshotEventEntryEntityName() + " e WHERE e.aggregateIdentifier = :id "
                        + "AND e.type = :kind AND e.sequenceNumber < :seq")
                .setParameter("id", stream.id())
                .setParameter("kind", stream.kind())
                .setParameter("seq", sequenceNumber)
                .executeUpdate();
    }

    @Override
    protected Object createEventEntity(EventMessage<?> event, Serializer serializer) {
        return new DomainEventEntry(stored(asDomainEventMessage(event)), serializer);
    }

    @Override
    protected Object createSnapshotEntity(DomainEventMessage<?> snapshot, Serializer serializer) {
        return new SnapshotEventEntry(stored(snapshot), serializer);
    }

    private static <T> DomainEventMessage<T> stored(DomainEventMessage<T> event) {
        String storedId = KindScopedStatements.storedId(event.getType(), event.getAggregateIdentifier());
        return storedId.equals(event.getAggregateIdentifier()) ? event
                : new GenericDomainEventMessage<>(event.getType(), storedId, event.getSequenceNumber(), event, event::getTimestamp);
    }
}
