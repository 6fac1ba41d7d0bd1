package org.coordination.ledger.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * The JDBC engine's statements for one stream, by kind and id. Axon hands them the identifier
 * {@code <Kind>:<id>} ({@link StreamId}); they store and select the bare id in
 * {@code aggregate_identifier} together with the kind in {@code type}, and give Axon back the qualified
 * identifier it asked for. Rows are stored exactly as before, so ledgers written by earlier releases
 * read unchanged and their hash chains still verify. The tracked event stream (processors, Kafka) has
 * bare ids, with the kind in {@code type}, as Axon's statement has.
 *
 * <p>The tracked stream is read as the next {@code batchSize} rows after the token ({@code LIMIT}), where
 * Axon reads the range of the next {@code batchSize} positions: a range can come back empty before a gap
 * in the sequence wider than a batch (rolled-back appends), so Axon follows every empty read with a second
 * query for the lowest position beyond it (its "extended gap check"). Caught up, every read is empty
 * once, so that was two more statements per wake-up of the store's reader, per commit at low load
 * (docs/benchmarks.md). Read by {@code LIMIT}, an empty answer means there is nothing after the token, so
 * the check is off.
 */
public final class KindScopedStatements {

    private KindScopedStatements() {
    }

    /** Installs the statements on a JDBC engine builder. */
    public static JdbcEventStorageEngine.Builder install(JdbcEventStorageEngine.Builder builder) {
        return builder.appendEvents(KindScopedStatements::appendEvents)
                .lastSequenceNumberFor(KindScopedStatements::lastSequenceNumberFor)
                .readEventDataForAggregate(KindScopedStatements::readEventDataForAggregate)
                .appendSnapshot(KindScopedStatements::appendSnapshot)
                .readSnapshotData(KindScopedStatements::readSnapshotData)
                .deleteSnapshots(KindScopedStatements::deleteSnapshots)
                .readEventDataWithoutGaps(KindScopedStatements::readEventDataWithoutGaps)
                .readEventDataWithGaps(KindScopedStatements::readEventDataWithGaps)
                .extendedGapCheckEnabled(false);
    }

    /** The next {@code batchSize} events after {@code globalIndex}, in the store's order. */
    static PreparedStatement readEventDataWithoutGaps(Connection connection, EventSchema schema, long globalIndex, int batchSize)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(after(schema, batchSize));
        statement.setLong(1, globalIndex);
        return statement;
    }

    /**
     * The same, and the events that have filled the token's gaps since (an append committed after a later
     * one). Two index scans: an {@code OR} of both conditions under one {@code LIMIT} would let the planner
     * read every row after the token when it is far behind.
     */
    static PreparedStatement readEventDataWithGaps(Connection connection, EventSchema schema, long globalIndex, int batchSize,
                                                   List<Long> gaps) throws SQLException {
        if (gaps.isEmpty()) {
            return readEventDataWithoutGaps(connection, schema, globalIndex, batchSize);
        }
        PreparedStatement statement = connection.prepareStatement("(" + after(schema, batchSize) + ") UNION ALL (SELECT "
                + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn()
                + " IN (" + String.join(",", Collections.nCopies(gaps.size(), "?")) + ")) ORDER BY "
                + schema.globalIndexColumn() + " ASC");
        statement.setLong(1, globalIndex);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(2 + i, gaps.get(i));
        }
        return statement;
    }

    /**
     * The limit is written into the statement and the position is a scalar subquery, so that PostgreSQL costs the
     * generic plan as it costs a custom one and keeps it. As parameters, the generic plan assumed a tenth of the
     * rows after the token, and a custom plan, which sees the position near the end of the table, always looked
     * cheaper: the statement was planned again at every execution, a processor's batch each, three times as long as
     * it ran (docs/benchmarks.md, change 50). The plan is the same either way: the primary key's index from the
     * position, up to the limit. A batch size is one of a few numbers, each its own statement.
     */
    private static String after(EventSchema schema, int batchSize) {
        return "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn()
                + " > (SELECT ?::bigint) ORDER BY " + schema.globalIndexColumn() + " ASC LIMIT " + batchSize;
    }

    /** The id to store: the bare id of a stream identifier whose kind is the event's type. */
    static String storedId(String type, String aggregateIdentifier) {
        if (type != null && aggregateIdentifier != null && aggregateIdentifier.startsWith(type + StreamId.SEPARATOR)) {
            return aggregateIdentifier.substring(type.length() + 1);
        }
        return aggregateIdentifier;
    }

    static PreparedStatement appendEvents(Connection connection, EventSchema schema, Class<?> dataType,
                                          List<? extends EventMessage<?>> events, Serializer serializer,
                                          TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields() + ") VALUES (?,?,?,?,?,?,?,?,?)");
        for (EventMessage<?> event : events) {
            // an event outside any aggregate (the ledger publishes none) is stored as Axon stores it
            DomainEventMessage<?> domainEvent = event instanceof DomainEventMessage<?> message ? message
                    : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
            bind(statement, domainEvent, dataType, serializer, timestampWriter);
            statement.addBatch();
        }
        return statement;
    }

    static PreparedStatement appendSnapshot(Connection connection, EventSchema schema, Class<?> dataType,
                                            DomainEventMessage<?> snapshot, Serializer serializer,
                                            TimestampWriter timestampWriter) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + schema.snapshotTable() + " (" + schema.domainEventFields() + ") VALUES (?,?,?,?,?,?,?,?,?)");
        bind(statement, snapshot, dataType, serializer, timestampWriter);
        return statement;
    }

    /** The columns in the order of {@link EventSchema#domainEventFields()}. */
    private static void bind(PreparedStatement statement, DomainEventMessage<?> event, Class<?> dataType, Serializer serializer,
                             TimestampWriter timestampWriter) throws SQLException {
        SerializedObject<?> payload = event.serializePayload(serializer, dataType);
        SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
        statement.setString(1, event.getIdentifier());
        statement.setString(2, storedId(event.getType(), event.getAggregateIdentifier()));
        statement.setLong(3, event.getSequenceNumber());
        statement.setString(4, event.getType());
        timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
        statement.setString(6, payload.getType().getName());
        statement.setString(7, payload.getType().getRevision());
        statement.setObject(8, payload.getData());
        statement.setObject(9, metaData.getData());
    }

    static PreparedStatement lastSequenceNumberFor(Connection connection, EventSchema schema, String identifier)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT max(" + schema.sequenceNumberColumn() + ") FROM "
                + schema.domainEventTable() + " WHERE " + stream(schema));
        bindStream(statement, 1, identifier);
        return statement;
    }

    static PreparedStatement readEventDataForAggregate(Connection connection, EventSchema schema, String identifier,
                                                       long firstSequenceNumber, int batchSize) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + schema.globalIndexColumn() + ", " + columns(schema)
                + " FROM " + schema.domainEventTable() + " WHERE " + stream(schema) + " AND " + schema.sequenceNumberColumn()
                + " >= ? AND " + schema.sequenceNumberColumn() + " < ? ORDER BY " + schema.sequenceNumberColumn() + " ASC");
        bindStream(statement, 1, identifier);
        statement.setLong(3, firstSequenceNumber);
        statement.setLong(4, firstSequenceNumber + batchSize);
        return statement;
    }

    static PreparedStatement readSnapshotData(Connection connection, EventSchema schema, String identifier) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + columns(schema) + " FROM " + schema.snapshotTable()
                + " WHERE " + stream(schema) + " ORDER BY " + schema.sequenceNumberColumn() + " DESC");
        bindStream(statement, 1, identifier);
        return statement;
    }

    static PreparedStatement deleteSnapshots(Connection connection, EventSchema schema, String identifier, long sequenceNumber)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("DELETE FROM " + schema.snapshotTable() + " WHERE "
                + stream(schema) + " AND " + schema.sequenceNumberColumn() + " < ?");
        bindStream(statement, 1, identifier);
        statement.setLong(3, sequenceNumber);
        return statement;
    }

    private static String stream(EventSchema schema) {
        return schema.aggregateIdentifierColumn() + " = ? AND " + schema.typeColumn() + " = ?";
    }

    private static void bindStream(PreparedStatement statement, int index, String identifier) throws SQLException {
        StreamId stream = StreamId.parse(identifier);
        statement.setString(index, stream.id());
        statement.setString(index + 1, stream.kind());
    }

    /** An aggregate's rows as Axon reads them, with the identifier it asked for. */
    private static String columns(EventSchema schema) {
        return String.join(", ", schema.eventIdentifierColumn(), schema.timestampColumn(), schema.payloadTypeColumn(),
                schema.payloadRevisionColumn(), schema.payloadColumn(), schema.metaDataColumn(), schema.typeColumn(),
                schema.typeColumn() + " || '" + StreamId.SEPARATOR + "' || " + schema.aggregateIdentifierColumn() + " AS "
                        + schema.aggregateIdentifierColumn(),
                schema.sequenceNumberColumn());
    }
}
