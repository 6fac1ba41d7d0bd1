package org.coordination.ledger.lookup;

import java.util.List;
import org.coordination.ledger.eventstore.PaddedBlocks;
import org.coordination.ledger.eventstore.WrittenBeforeCommit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether each post is filled ({@code lookup_post.filled}), written once per transaction instead of once per
 * appointment and relief: a group of commands appoints and relieves many posts, and an update of its own for each
 * was the lookup's dearest statement (docs/benchmarks.md, change 56). The posts a transaction changed are kept
 * bound to it and written in one statement per block just before it commits ({@link WrittenBeforeCommit}); a read in
 * the same transaction sees them first ({@link #pending}). Nothing is kept past the transaction, committed or not.
 */
@Component
class FilledPosts {

    /** The update of a block of posts, padded to a power of two ({@link PaddedBlocks}): one generic plan per shape. */
    static final String[] UPDATE = PaddedBlocks.shapes(power -> "UPDATE lookup_post p SET filled = v.filled FROM (VALUES "
            + PaddedBlocks.repeat(power, "(?::text, ?::text, ?::boolean)", "(?, ?, ?)") + ") AS v(structure_id, post_id, filled) "
            + "WHERE p.structure_id = v.structure_id AND p.post_id = v.post_id");

    /** One post's new state. */
    record Post(String structureId, String postId, boolean filled) {
    }

    private final JdbcTemplate jdbc;
    private final WrittenBeforeCommit<List<String>, Post> changed = new WrittenBeforeCommit<>(this::write);

    FilledPosts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The post is filled, or vacant, from this transaction's commit on (its last change wins); outside a transaction, now. */
    void set(String structureId, String postId, boolean filled) {
        changed.keep(List.of(structureId, postId), new Post(structureId, postId, filled));
    }

    /** What this transaction made of the post and has not written yet: null if nothing. */
    Boolean pending(String structureId, String postId) {
        Post post = changed.kept(List.of(structureId, postId));
        return post == null ? null : post.filled();
    }

    private void write(List<Post> posts) {
        for (List<Post> block : PaddedBlocks.blocks(posts)) {
            int power = PaddedBlocks.power(block.size());
            jdbc.update(UPDATE[power], statement -> {
                for (int i = 0; i < 1 << power; i++) {
                    Post post = PaddedBlocks.padded(block, i);
                    statement.setString(3 * i + 1, post.structureId());
                    statement.setString(3 * i + 2, post.postId());
                    statement.setBoolean(3 * i + 3, post.filled());
                }
            });
        }
    }
}
