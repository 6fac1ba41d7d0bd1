package org.coordination.ledger.structure.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coordination.ledger.readmodel.AsOf;
import org.coordination.ledger.structure.query.CommandStructureView.Tenure;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A structure's posts' tenures, read from the appointments and reliefs {@link TenureConsumer} keeps, taking the rows
 * of exactly the events a document folded: those up to its version, and as of a time those the read includes.
 */
@Component
class PostTenures {

    static final String APPOINTED = "APPOINTED";
    static final String RELIEVED = "RELIEVED";

    /** One appointment to a post or relief from it, in the structure's order. */
    record Change(String postId, String kind, Instant at, String name, String titleOrRank, String nationality, String reason) {
    }

    private static final String READ = "SELECT post_id, kind, tenure_at, name, title_or_rank, nationality, reason FROM "
            + TenureConsumer.TABLE + " WHERE structure_id = ? AND sequence <= ? AND effective_at <= ? AND recorded_at <= ? ORDER BY sequence";

    private final JdbcTemplate jdbc;

    PostTenures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The tenures of each post of a structure whose document is at {@code version} (its last event folded), as of
     * {@code at}: the rows of the events that document folded, never those of an event committed since it was read.
     */
    Map<String, List<Tenure>> of(String structureId, long version, AsOf at) {
        List<Change> changes = jdbc.query(READ, (row, n) -> new Change(row.getString(1), row.getString(2),
                        row.getTimestamp(3).toInstant(), row.getString(4), row.getString(5), row.getString(6), row.getString(7)),
                structureId, version, Timestamp.from(at.effective() == null ? AsOf.LATEST : at.effective()),
                Timestamp.from(at.recorded() == null ? AsOf.LATEST : at.recorded()));
        return fold(changes);
    }

    /**
     * Appointments open a tenure, a relief closes the post's latest one with its date and reason; in the order the
     * structure recorded them, as the document once folded them.
     */
    static Map<String, List<Tenure>> fold(List<Change> changes) {
        Map<String, List<Tenure>> tenures = new LinkedHashMap<>();
        for (Change change : changes) {
            List<Tenure> post = tenures.computeIfAbsent(change.postId(), id -> new ArrayList<>());
            if (APPOINTED.equals(change.kind())) {
                post.add(new Tenure(change.name(), change.titleOrRank(), change.nationality(), change.at(), null, null));
            } else if (!post.isEmpty()) {
                Tenure last = post.remove(post.size() - 1);
                post.add(new Tenure(last.name(), last.titleOrRank(), last.nationality(), last.from(), change.at(), change.reason()));
            }
        }
        return tenures;
    }
}
