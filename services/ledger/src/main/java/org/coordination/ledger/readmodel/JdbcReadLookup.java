package org.coordination.ledger.readmodel;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** {@link ReadLookup} over {@code lookup_contribution} and {@code lookup_placement}, which the consistency-lookup processor keeps with the events. */
@Component
class JdbcReadLookup implements ReadLookup {

    private final JdbcTemplate jdbc;

    JdbcReadLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> contributionsOfForce(String forceId) {
        return jdbc.queryForList("SELECT contribution_id FROM lookup_contribution WHERE force_id = ? ORDER BY contribution_id",
                String.class, forceId);
    }

    @Override
    public List<String> contributionsPlacedUnder(String structureId) {
        return jdbc.queryForList("SELECT contribution_id FROM lookup_placement WHERE structure_id = ? ORDER BY contribution_id",
                String.class, structureId);
    }
}
