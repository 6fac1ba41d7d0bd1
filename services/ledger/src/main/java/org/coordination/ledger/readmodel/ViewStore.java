package org.coordination.ledger.readmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.coordination.ledger.eventstore.PaddedBlocks;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The current documents of the read models, as JSONB rows in {@code read_model}. */
@Component
public class ViewStore {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ViewStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public <V> Optional<V> load(ViewKey key, Class<V> type) {
        return loadFrom(TABLE, key, type);
    }

    /** From {@code table}: the live one, or a rebuild's copy of it. */
    public <V> Optional<V> loadFrom(String table, ViewKey key, Class<V> type) {
        return jdbc.query("SELECT document::text FROM " + table + " WHERE model = ? AND id = ?",
                        (rs, i) -> read(rs.getString(1), type), key.model(), key.id())
                .stream().findFirst();
    }

    /**
     * The document, unless its row is still at {@code version} ({@link #writingVersion()} of the
     * transaction that wrote it): then {@code unchanged}, without reading or parsing the document.
     * Empty if there is no row.
     */
    public <V> Optional<V> loadUnlessAt(ViewKey key, Class<V> type, long version, V unchanged) {
        return jdbc.query("SELECT xmin::text::bigint = ?, CASE WHEN xmin::text::bigint = ? THEN NULL ELSE document::text END "
                        + "FROM read_model WHERE model = ? AND id = ?",
                        (rs, i) -> rs.getBoolean(1) ? unchanged : read(rs.getString(2), type), version, version, key.model(), key.id())
                .stream().findFirst();
    }

    /** A document a batch is about to fold into: its key and type, and the object kept for it at {@code version} (null and -1: none). */
    public record Wanted(ViewKey key, Class<? extends View> type, long version, View kept) {
    }

    /** {@link #loadAll}'s statements for 1, 2, 4, … 128 documents, by the power of two, by the table they read. */
    private final Map<String, String[]> loadAllShapes = new ConcurrentHashMap<>();

    private static String[] loadAllShapesOf(String table) {
        return PaddedBlocks.shapes(power -> "SELECT k.model, k.id, r.xmin::text::bigint = k.version, "
                + "CASE WHEN r.xmin::text::bigint = k.version THEN NULL ELSE r.document::text END "
                + "FROM (VALUES " + PaddedBlocks.repeat(power, "(?::text, ?::text, ?::bigint)", "(?, ?, ?)")
                + ") AS k(model, id, version) JOIN " + table + " r ON r.model = k.model AND r.id = k.id");
    }

    /**
     * Several documents as {@link #loadUnlessAt} reads one: each the kept object when its row is still at the
     * kept version, else the row's document; a key without a row is not in the answer. One statement per
     * block of up to {@value PaddedBlocks#MOST} keys, padded to a power of two ({@link PaddedBlocks}): a batch of the
     * read models read each of its documents with a statement of its own, 0.8 statements per command at 32
     * clients (docs/benchmarks.md, change 45).
     */
    public Map<ViewKey, View> loadAll(List<Wanted> wanted) {
        return loadAll(TABLE, wanted);
    }

    /** As {@link #loadAll(List)}, from {@code table}: the live one, or a rebuild's copy of it. */
    public Map<ViewKey, View> loadAll(String table, List<Wanted> wanted) {
        String[] shapes = loadAllShapes.computeIfAbsent(table, ViewStore::loadAllShapesOf);
        Map<ViewKey, Wanted> byKey = new HashMap<>(wanted.size() * 2);
        wanted.forEach(one -> byKey.put(one.key(), one));
        List<Wanted> keys = List.copyOf(byKey.values());
        Map<ViewKey, View> found = new HashMap<>(keys.size() * 2);
        for (List<Wanted> block : PaddedBlocks.blocks(keys)) {
            int power = PaddedBlocks.power(block.size());
            jdbc.query(shapes[power], statement -> {
                // Planned at each execution, never kept as the connection's generic plan: that plan is made from the table
                // as it is then, and a rebuild's copy, or the live table after the read side was emptied, is planned
                // while empty, where a scan of the whole table looks cheapest (a hash join, or the scope index with the
                // id as a filter). Kept as the table filled up, it read every row of it, or every document of the model,
                // for each block of keys: 4.2 ms a statement once a rebuild's copy held 25,000 documents, against 0.3 ms
                // by the primary key, and planning each costs about as much again (docs/benchmarks.md, change 86).
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
                for (int i = 0; i < 1 << power; i++) {
                    Wanted one = PaddedBlocks.padded(block, i);
                    statement.setString(3 * i + 1, one.key().model());
                    statement.setString(3 * i + 2, one.key().id());
                    statement.setLong(3 * i + 3, one.version());
                }
            }, rs -> {
                Wanted one = byKey.get(new ViewKey(rs.getString(1), rs.getString(2)));
                found.put(one.key(), rs.getBoolean(3) ? one.kept() : read(rs.getString(4), one.type()));
            });
        }
        return found;
    }

    /** The version the rows this transaction writes will carry: its id as a row stores it ({@code xmin}, 32 bits). */
    public long writingVersion() {
        return jdbc.queryForObject("SELECT txid_current() % 4294967296", Long.class);
    }

    public <V> List<V> byScope(String model, String scopeId, Class<V> type) {
        return jdbc.query("SELECT document::text FROM read_model WHERE model = ? AND scope_id = ? ORDER BY id",
                (rs, i) -> read(rs.getString(1), type), model, scopeId);
    }

    public List<String> idsByScope(String model, String scopeId) {
        return jdbc.queryForList("SELECT id FROM read_model WHERE model = ? AND scope_id = ? ORDER BY id", String.class, model, scopeId);
    }

    /** A document as it will be stored: its JSON and scope. */
    public record Row(ViewKey key, String scopeId, String document) {
    }

    /** The documents' table; a rebuild writes a copy of it ({@code read_model_rebuild}). */
    public static final String TABLE = "read_model";

    private static String upsert(String table) {
        return "INSERT INTO " + table + " (model, id, scope_id, document) VALUES (?, ?, ?, ?::jsonb) "
                + "ON CONFLICT (model, id) DO UPDATE SET scope_id = EXCLUDED.scope_id, document = EXCLUDED.document";
    }

    /** Several documents in one round trip. */
    public void saveAll(java.util.Collection<Row> rows) {
        saveAll(TABLE, rows);
    }

    /** Several documents in one round trip, into {@code table}: the live one, or a rebuild's copy of it. */
    public void saveAll(String table, java.util.Collection<Row> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(upsert(table), rows.stream().map(r -> new Object[] {r.key().model(), r.key().id(), r.scopeId(), r.document()})
                    .toList());
        }
    }

    public void save(ViewKey key, String scopeId, Object view) {
        jdbc.update(upsert(TABLE), key.model(), key.id(), scopeId, write(view));
    }

    /** The row of a document as it will be stored. */
    public Row row(DocumentBatch.Pending pending) {
        return new Row(pending.key(), pending.scopeId(), write(pending.view()));
    }

    <V> V read(String document, Class<V> type) {
        try {
            return json.readValue(document, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable " + type.getSimpleName() + " document", e);
        }
    }

    String write(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + view.getClass().getSimpleName(), e);
        }
    }
}
