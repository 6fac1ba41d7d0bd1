package org.coordination.ledger.readmodel.rebuild;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The shadow copies of the read side's tables ({@code <table>_rebuild}): created empty when a rebuild
 * starts, indexed once filled, dropped when it fails, and put in the live tables' places when it
 * switches over. Each of
 * these runs in the caller's transaction (PostgreSQL's DDL is transactional).
 */
@Component
class ShadowTables {

    /** An index's definition without its name and table: what a live index and its copy's have in common. */
    private static final String DEFINITION = "regexp_replace(pg_get_indexdef(%s.indexrelid), '^.* USING ', '')";

    private final ReadSideShadow shadow;
    private final JdbcTemplate jdbc;

    ShadowTables(ReadSideShadow shadow, JdbcTemplate jdbc) {
        this.shadow = shadow;
        this.jdbc = jdbc;
    }

    /**
     * Empty copies of every read-side table: same columns and primary key, no other index yet. Keeping
     * secondary indexes while a million rows go in one by one costs more than building them once at
     * the end ({@link #index()}).
     */
    void create() {
        for (ReadSideShadow.Table table : shadow.tables()) {
            jdbc.execute("DROP TABLE IF EXISTS " + table.shadow());
            jdbc.execute("CREATE TABLE " + table.shadow() + " (LIKE " + table.live() + " INCLUDING ALL EXCLUDING INDEXES)");
            String primaryKey = jdbc.queryForObject("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = ?::regclass "
                    + "AND contype = 'p'", String.class, table.live());
            jdbc.execute("ALTER TABLE " + table.shadow() + " ADD " + primaryKey);
        }
    }

    /**
     * The live tables' other indexes, built on the shadow copies once they are filled (before the switch,
     * while the live tables keep serving). Builds only those missing, so a switch taken over by another
     * instance can run it again.
     */
    void index() {
        for (ReadSideShadow.Table table : shadow.tables()) {
            List<String> missing = jdbc.queryForList("SELECT CASE WHEN l.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ON ' || ? "
                    + "|| ' USING ' || " + DEFINITION.formatted("l") + " FROM pg_index l "
                    + "WHERE l.indrelid = ?::regclass AND NOT l.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_index s "
                    + "WHERE s.indrelid = ?::regclass AND s.indisunique = l.indisunique AND " + DEFINITION.formatted("s") + " = "
                    + DEFINITION.formatted("l") + ")",
                    String.class, table.shadow(), table.live(), table.shadow());
            missing.forEach(index -> jdbc.execute("CREATE " + index));
        }
    }

    void drop() {
        for (ReadSideShadow.Table table : shadow.tables()) {
            jdbc.execute("DROP TABLE IF EXISTS " + table.shadow());
        }
    }

    /** Every shadow table in its live table's place. */
    void putInPlace() {
        shadow.tables().forEach(this::putInPlace);
    }

    /**
     * The live table is dropped, the shadow renamed, and its indexes (with the primary key's constraint)
     * take the names the live ones had, matched by definition, so the next rebuild's {@code LIKE …
     * INCLUDING ALL} starts from the same names. Copying the rows over instead took 16 of a rebuild's
     * 98 s at a million events (the timeline, then rebuilt too, had a row per event) and left a dead row behind for each.
     */
    private void putInPlace(ReadSideShadow.Table table) {
        Map<String, String> liveNames = new LinkedHashMap<>();
        jdbc.query("SELECT s.indexrelid::regclass::text, l.indexrelid::regclass::text FROM pg_index s JOIN pg_index l "
                        + "ON s.indisunique = l.indisunique AND s.indisprimary = l.indisprimary "
                        + "AND " + DEFINITION.formatted("s") + " = " + DEFINITION.formatted("l") + " "
                        + "WHERE s.indrelid = ?::regclass AND l.indrelid = ?::regclass",
                rs -> {
                    if (liveNames.put(rs.getString(1), rs.getString(2)) != null) {
                        throw new IllegalStateException("Two indexes of " + table.live() + " have the same definition");
                    }
                }, table.shadow(), table.live());
        Integer liveIndexes = jdbc.queryForObject("SELECT count(*) FROM pg_index WHERE indrelid = ?::regclass", Integer.class, table.live());
        if (liveIndexes == null || liveIndexes != liveNames.size()) {
            throw new IllegalStateException("The indexes of " + table.shadow() + " do not match those of " + table.live());
        }
        jdbc.execute("DROP TABLE " + table.live());
        jdbc.execute("ALTER TABLE " + table.shadow() + " RENAME TO " + table.live());
        liveNames.forEach((shadowName, liveName) -> jdbc.execute("ALTER INDEX " + shadowName + " RENAME TO " + liveName));
    }
}
