package org.coordination.ledger.subscriber;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.CaveatLifted;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.ConditionSatisfied;
import org.coordination.ledger.contract.contribution.ContributionBlocked;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionResumed;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.ContributionSuspended;
import org.coordination.ledger.contract.contribution.ContributionUnblocked;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledged;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledgementRequired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The board's rows ({@code board_pledge}) that one poll's events touch: read in one statement, locked for the
 * transaction, changed in memory in the events' order, and written back in one statement for the new rows and one
 * for the changed ones. A pledge's row had been a statement per event and a read of its state, two to five round trips
 * to the database per contribution event on the one thread that applies every record (docs/benchmarks.md, change 69).
 *
 * <p>What each event does to a row is what it did as statements: a pledge's state moves only through the contract's
 * {@link ContributionState#after}, from the state the row holds; personnel follow the events. An event for a pledge the
 * board has no row of changes nothing (its statements had updated no row); a second pledge of one id is refused as the
 * insert was. A switch over the sealed event type without a default: a new contribution event does not compile until
 * this board decides it.
 */
final class PledgeBoard {

    /** One row of {@code board_pledge}. */
    record Pledge(String contributionId, String forceId, String nation, ContributionState state, int offered, int committed,
                  int deployed, int roeAcknowledged) {

        Pledge withState(ContributionState next) {
            return new Pledge(contributionId, forceId, nation, next, offered, committed, deployed, roeAcknowledged);
        }

        Pledge withCommitted(int personnel) {
            return new Pledge(contributionId, forceId, nation, state, offered, personnel, deployed, roeAcknowledged);
        }

        Pledge withDeployed(int personnel) {
            return new Pledge(contributionId, forceId, nation, state, offered, committed, personnel, roeAcknowledged);
        }

        Pledge withRoeAcknowledged(int version) {
            return new Pledge(contributionId, forceId, nation, state, offered, committed, deployed, version);
        }
    }

    private final Map<String, Pledge> rows;
    /** The rows this poll pledged, to insert, and the ones it changed that the table already held, to update. */
    private final Map<String, Pledge> inserted = new LinkedHashMap<>();
    private final Map<String, Pledge> updated = new LinkedHashMap<>();

    private PledgeBoard(Map<String, Pledge> rows) {
        this.rows = rows;
    }

    /** The rows of {@code contributionIds} the table holds, locked until the transaction ends. */
    static PledgeBoard read(JdbcTemplate jdbc, Collection<String> contributionIds) {
        Map<String, Pledge> rows = new HashMap<>();
        if (!contributionIds.isEmpty()) {
            jdbc.query(connection -> {
                PreparedStatement select = connection.prepareStatement("SELECT contribution_id, force_id, nation, state, offered_personnel, "
                        + "committed_personnel, deployed_personnel, roe_acknowledged FROM board_pledge WHERE contribution_id = ANY(?) FOR UPDATE");
                select.setArray(1, StreamPositions.texts(connection, List.copyOf(contributionIds)));
                return select;
            }, row -> {
                Pledge pledge = new Pledge(row.getString(1), row.getString(2), row.getString(3), ContributionState.valueOf(row.getString(4)),
                        row.getInt(5), row.getInt(6), row.getInt(7), row.getInt(8));
                rows.put(pledge.contributionId(), pledge);
            });
        }
        return new PledgeBoard(rows);
    }

    void apply(ContributionEvent event) {
        String id = event.contributionId().value();
        if (event instanceof ContributionPledged e) {
            if (rows.containsKey(id)) {
                throw new DuplicateKeyException("board_pledge already has a row for contribution " + id);
            }
            Pledge pledged = new Pledge(id, e.forceId().value(), e.nation().value(), e.state(), e.personnel(), 0, 0, 0);
            rows.put(id, pledged);
            inserted.put(id, pledged);
            return;
        }
        Pledge row = rows.get(id);
        if (row != null) {
            change(row, after(row, event));
        }
    }

    private static Pledge after(Pledge row, ContributionEvent event) {
        Pledge changed = switch (event) {
            case ContributionPledged e -> throw new IllegalArgumentException("a pledge makes its row, it does not change one");
            case ContributionCommitted e -> row.withCommitted(e.personnel());
            case AuthorityTransferred e -> row.withDeployed(row.committed());
            case RulesOfEngagementAcknowledged e -> row.withRoeAcknowledged(e.version());
            // a reopened condition releases the commitment, also while the pledge is suspended (its state then stays SUSPENDED)
            case ConditionReopened e -> row.withCommitted(0);
            // a suspended pledge holds its commitment for its resumption: only the state changes, no personnel are released
            case ContributionSuspended e -> row.withState(ContributionState.SUSPENDED);
            // back to the state the event names, with the commitment it held
            case ContributionResumed e -> row.withState(e.state());
            case ConditionSatisfied e -> row;
            case ContributionBlocked e -> row;
            case ContributionUnblocked e -> row;
            case ContributionFlagged e -> row;
            case RulesOfEngagementAcknowledgementRequired e -> row;
            case CaveatDeclared e -> row;
            case CaveatLifted e -> row;
            case ContributionRejected e -> row;
            case ContributionWithdrawn e -> row;
        };
        if (event instanceof ContributionSuspended || event instanceof ContributionResumed) {
            return changed;
        }
        ContributionState before = changed.state();
        ContributionState next = ContributionState.after(before, event);
        if (next == null || next == before) {
            return changed;
        }
        changed = changed.withState(next);
        if (!next.engaged()) {
            changed = changed.withCommitted(0);
        }
        if (!next.deployed()) {
            changed = changed.withDeployed(0);
        }
        return changed;
    }

    private void change(Pledge row, Pledge changed) {
        if (changed.equals(row)) {
            return;
        }
        String id = row.contributionId();
        rows.put(id, changed);
        (inserted.containsKey(id) ? inserted : updated).put(id, changed);
    }

    /** Writes the rows pledged and changed, in the caller's transaction. */
    void write(JdbcTemplate jdbc) {
        if (!inserted.isEmpty()) {
            Collection<Pledge> pledges = inserted.values();
            jdbc.update(connection -> {
                PreparedStatement insert = connection.prepareStatement("INSERT INTO board_pledge (contribution_id, force_id, nation, state, "
                        + "offered_personnel, committed_personnel, deployed_personnel, roe_acknowledged) "
                        + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::int[], ?::int[], ?::int[], ?::int[])");
                insert.setArray(1, texts(connection, pledges, Pledge::contributionId));
                insert.setArray(2, texts(connection, pledges, Pledge::forceId));
                insert.setArray(3, texts(connection, pledges, Pledge::nation));
                insert.setArray(4, texts(connection, pledges, pledge -> pledge.state().name()));
                insert.setArray(5, numbers(connection, pledges, Pledge::offered));
                insert.setArray(6, numbers(connection, pledges, Pledge::committed));
                insert.setArray(7, numbers(connection, pledges, Pledge::deployed));
                insert.setArray(8, numbers(connection, pledges, Pledge::roeAcknowledged));
                return insert;
            });
        }
        if (!updated.isEmpty()) {
            Collection<Pledge> pledges = updated.values();
            jdbc.update(connection -> {
                PreparedStatement update = connection.prepareStatement("UPDATE board_pledge AS b SET state = v.state, "
                        + "committed_personnel = v.committed, deployed_personnel = v.deployed, roe_acknowledged = v.roe "
                        + "FROM unnest(?::varchar[], ?::varchar[], ?::int[], ?::int[], ?::int[]) AS v(contribution_id, state, committed, deployed, roe) "
                        + "WHERE b.contribution_id = v.contribution_id");
                update.setArray(1, texts(connection, pledges, Pledge::contributionId));
                update.setArray(2, texts(connection, pledges, pledge -> pledge.state().name()));
                update.setArray(3, numbers(connection, pledges, Pledge::committed));
                update.setArray(4, numbers(connection, pledges, Pledge::deployed));
                update.setArray(5, numbers(connection, pledges, Pledge::roeAcknowledged));
                return update;
            });
        }
    }

    private static java.sql.Array texts(Connection connection, Collection<Pledge> pledges, Function<Pledge, String> column) throws SQLException {
        return StreamPositions.texts(connection, pledges.stream().map(column).toList());
    }

    private static java.sql.Array numbers(Connection connection, Collection<Pledge> pledges, Function<Pledge, Integer> column) throws SQLException {
        return connection.createArrayOf("integer", pledges.stream().map(column).toArray());
    }
}
