package org.coordination.ledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Writes a large history straight into a stopped ledger's event store, because a million events at
 * a few hundred commands per second would take the better part of an hour. The events are the
 * ledger's own: each type's payload, metadata and timestamp are copied from an event the ledger
 * recorded through its API in this run, and only the ids and running totals change, so every stream
 * folds exactly as one built by commands would. The database's trigger chains each event's hash as
 * it does for the ledger's own appends, and the consistency lookup gets the posts the service's
 * subscribing projector would have written.
 *
 * <p>Each stream is a coordination center: established, one post, then staff attached nation by
 * nation.
 */
final class BulkHistory {

    private static final String STRUCTURE_EVENTS = "org.coordination.ledger.contract.structure.";
    private static final String[] NATIONS = {"IDN", "TUR", "QAT", "ARE", "AZE", "PAK", "USA", "FRA", "DEU", "GRC"};

    private record Template(String payloadType, String payloadRevision, String timeStamp, byte[] metaData, ObjectNode payload) {
    }

    private final Connection connection;
    private final Template established;
    private final Template post;
    private final Template staff;
    private final PreparedStatement insert;
    private final PreparedStatement insertPost;
    private int pending;

    BulkHistory(Connection connection) throws Exception {
        this.connection = connection;
        connection.setAutoCommit(false);
        this.established = template("CommandStructureEstablished");
        this.post = template("PostEstablished");
        this.staff = template("StaffAttached");
        this.insert = connection.prepareStatement("INSERT INTO domain_event_entry (event_identifier, type, aggregate_identifier, "
                + "sequence_number, time_stamp, payload_type, payload_revision, payload, meta_data) VALUES (?, 'CommandStructure', ?, ?, ?, ?, ?, ?, ?)");
        this.insertPost = connection.prepareStatement("INSERT INTO lookup_post (structure_id, post_id) VALUES (?, ?)");
    }

    private Template template(String type) throws Exception {
        try (PreparedStatement select = connection.prepareStatement("SELECT payload_type, payload_revision, time_stamp, payload, meta_data "
                + "FROM domain_event_entry WHERE payload_type = ? ORDER BY global_index LIMIT 1")) {
            select.setString(1, STRUCTURE_EVENTS + type);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no " + type + " recorded yet to copy");
                }
                return new Template(row.getString(1), row.getString(2), row.getString(3), row.getBytes(5),
                        (ObjectNode) LedgerApi.JSON.readTree(new String(row.getBytes(4), StandardCharsets.UTF_8)));
            }
        }
    }

    /** One coordination center with {@code events} events in its stream (at least 2). */
    void structure(String structureId, int events) throws Exception {
        ObjectNode payload = established.payload().deepCopy();
        payload.put("structureId", structureId);
        add(established, structureId, 0, payload);
        payload = post.payload().deepCopy();
        payload.put("structureId", structureId);
        add(post, structureId, 1, payload);
        insertPost.setString(1, structureId);
        insertPost.setString(2, post.payload().path("postId").asText());
        insertPost.addBatch();
        int[] totals = new int[NATIONS.length];
        for (int sequence = 2; sequence < events; sequence++) {
            int nation = sequence % NATIONS.length;
            totals[nation] += 5;
            payload = staff.payload().deepCopy();
            payload.put("structureId", structureId);
            payload.put("nation", NATIONS[nation]);
            payload.put("personnel", 5);
            payload.put("nationTotal", totals[nation]);
            add(staff, structureId, sequence, payload);
        }
    }

    private void add(Template template, String aggregateId, long sequence, ObjectNode payload) throws Exception {
        insert.setString(1, UUID.randomUUID().toString());
        insert.setString(2, aggregateId);
        insert.setLong(3, sequence);
        insert.setString(4, template.timeStamp());
        insert.setString(5, template.payloadType());
        insert.setString(6, template.payloadRevision());
        insert.setBytes(7, LedgerApi.JSON.writeValueAsBytes(payload));
        insert.setBytes(8, template.metaData());
        insert.addBatch();
        if (++pending >= 5000) {
            flush();
        }
    }

    void flush() throws SQLException {
        insert.executeBatch();
        insertPost.executeBatch();
        connection.commit();
        pending = 0;
    }
}
