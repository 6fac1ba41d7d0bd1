package db.migration;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.coordination.ledger.lookup.InstrumentSymbols;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The consistency lookup keeps each cited instrument by its key ({@link InstrumentSymbols}) instead of the symbol as
 * typed, so that the same resolution typed differently is refused as already cited. In Java rather than SQL so that
 * the key is computed by the same code the service uses (PostgreSQL's upper case and normalization depend on its
 * build and collation). Symbols that already share a key (accepted before this rule) keep one row between them (the
 * rows only say that a key is taken); the column becomes text, since a key in the compatibility form can be longer
 * than the symbol.
 */
public class V26__instrument_symbols_as_keys extends BaseJavaMigration {

    private static final String PENDING = "\u0001";

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("ALTER TABLE lookup_instrument ALTER COLUMN symbol TYPE TEXT");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        try (Statement statement = context.getConnection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT symbol FROM lookup_instrument ORDER BY symbol")) {
            while (rows.next()) {
                keys.put(rows.getString(1), InstrumentSymbols.key(rows.getString(1)));
            }
        }
        Set<String> taken = new HashSet<>();
        try (PreparedStatement delete = context.getConnection().prepareStatement("DELETE FROM lookup_instrument WHERE symbol = ?");
             PreparedStatement rename = context.getConnection().prepareStatement("UPDATE lookup_instrument SET symbol = ? WHERE symbol = ?")) {
            // the keys first behind a control character, which no symbol has (the API refuses them), so that a key equal
            // to another row's symbol does not collide with it
            for (Map.Entry<String, String> row : keys.entrySet()) {
                if (!taken.add(row.getValue())) {
                    delete.setString(1, row.getKey());
                    delete.executeUpdate();
                    continue;
                }
                rename.setString(1, PENDING + row.getValue());
                rename.setString(2, row.getKey());
                rename.executeUpdate();
            }
        }
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("UPDATE lookup_instrument SET symbol = substr(symbol, 2) WHERE left(symbol, 1) = chr(1)");
        }
    }
}
