package org.coordination.ledger.provenance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.eventstore.SagaStateRows;

/**
 * The pledges of the policies that follow them ({@link FollowsPledges}), a row per policy and pledge in
 * {@code policy_pledge} (V21): read when the saga store deserializes a policy, written a row per pledge that
 * changed: a policy's one changed pledge (one event of it) in the statement that updates the policy's saga row,
 * more changes for all the policies of a transaction in one batch (a multi-row insert with the connection's
 * {@code reWriteBatchedInserts}).
 */
public final class PolicyPledgeRows implements SagaStateRows {

    /** A pledge took about this many bytes in a policy's JSON: its id, its state and its nation, quoted. */
    static final int BYTES_PER_PLEDGE = 48;

    private static final String READ =
            "SELECT contribution_id, state, nation FROM policy_pledge WHERE saga_id = ? ORDER BY position";
    private static final String UPSERT = """
            INSERT INTO policy_pledge (saga_id, contribution_id, state, nation) VALUES (?, ?, ?, ?)
            ON CONFLICT (saga_id, contribution_id) DO UPDATE SET state = EXCLUDED.state, nation = EXCLUDED.nation
            """;
    /** {@link #UPSERT} as a part of the statement that updates the policy's saga row. */
    private static final String UPSERT_BESIDE = """
            INSERT INTO policy_pledge (saga_id, contribution_id, state, nation) SELECT ?, ?, ?, ? FROM updated
            ON CONFLICT (saga_id, contribution_id) DO UPDATE SET state = EXCLUDED.state, nation = EXCLUDED.nation
            """;
    private static final String FORGET = "DELETE FROM policy_pledge WHERE saga_id = ? AND contribution_id = ?";
    private static final String DELETE = "DELETE FROM policy_pledge WHERE saga_id = ?";

    @Override
    public Class<?> rowType() {
        return PolicyPledges.class;
    }

    @Override
    public void read(Connection connection, String sagaIdentifier, Object saga) throws SQLException {
        if (!(saga instanceof FollowsPledges policy)) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(READ)) {
            statement.setString(1, sagaIdentifier);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    policy.pledges().restore(rows.getString(1),
                            new PolicyPledges.Pledge(ContributionState.valueOf(rows.getString(2)), rows.getString(3)));
                }
            }
        }
    }

    @Override
    public void write(Connection connection, Collection<Saga> sagas) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT);
             PreparedStatement forget = connection.prepareStatement(FORGET)) {
            int upserts = 0;
            int forgotten = 0;
            for (Saga saga : sagas) {
                if (!(saga.saga() instanceof FollowsPledges policy)) {
                    continue;
                }
                for (PolicyPledges.Change change : policy.pledges().takeChanges()) {
                    if (change.pledge() == null) {
                        forget.setString(1, saga.identifier());
                        forget.setString(2, change.contributionId());
                        forget.addBatch();
                        forgotten++;
                    } else {
                        upsert.setString(1, saga.identifier());
                        upsert.setString(2, change.contributionId());
                        upsert.setString(3, change.pledge().state().name());
                        upsert.setString(4, change.pledge().nation());
                        upsert.addBatch();
                        upserts++;
                    }
                }
            }
            if (upserts > 0) {
                upsert.executeBatch();
            }
            if (forgotten > 0) {
                forget.executeBatch();
            }
        }
    }

    @Override
    public void writeWhole(Connection connection, String sagaIdentifier, Object saga) throws SQLException {
        if (saga instanceof FollowsPledges policy) {
            policy.pledges().changedAll();
            write(connection, List.of(new Saga(sagaIdentifier, saga)));
        }
    }

    @Override
    public Beside besideUpdate(String sagaIdentifier, Object saga) {
        if (!(saga instanceof FollowsPledges policy)) {
            return null;
        }
        PolicyPledges.Change change = policy.pledges().takeOnlyChange();
        if (change == null) {
            return null;
        }
        return new Beside(UPSERT_BESIDE, Arrays.asList(sagaIdentifier, change.contributionId(), change.pledge().state().name(),
                change.pledge().nation()));
    }

    @Override
    public int weight(Object saga) {
        return saga instanceof FollowsPledges policy ? policy.pledges().size() * BYTES_PER_PLEDGE : 0;
    }

    @Override
    public void delete(Connection connection, String sagaIdentifier) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setString(1, sagaIdentifier);
            statement.executeUpdate();
        }
    }
}
