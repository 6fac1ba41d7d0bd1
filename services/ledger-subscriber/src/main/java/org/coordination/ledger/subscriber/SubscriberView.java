package org.coordination.ledger.subscriber;

import java.sql.Timestamp;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledgementRequired;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.ContributionUnblocked;
import org.coordination.ledger.contract.contribution.ContributionSuspended;
import org.coordination.ledger.contract.contribution.ContributionResumed;
import org.coordination.ledger.contract.contribution.ContributionRejected;
import org.coordination.ledger.contract.contribution.ContributionFlagged;
import org.coordination.ledger.contract.contribution.ContributionBlocked;
import org.coordination.ledger.contract.contribution.ConditionSatisfied;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.CaveatLifted;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledged;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Applies one event to the subscriber's own tables; events it has no use for change nothing. */
@Component
class SubscriberView {

    private final JdbcTemplate jdbc;

    SubscriberView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void apply(LedgerEvent event) {
        if (event instanceof ContributionEvent e) {
            onContribution(e);
        } else if (event instanceof ForceEstablished e) {
            jdbc.update("INSERT INTO force_mandate (force_id, mandate_id) VALUES (?, ?)", e.forceId().value(), e.mandateId().value());
        } else if (event instanceof RulesOfEngagementIssued e) {
            jdbc.update("UPDATE force_mandate SET current_roe = ? WHERE force_id = ?", e.version(), e.forceId().value());
        } else if (event instanceof MandateAuthorized e) {
            jdbc.update("INSERT INTO mandate_term (mandate_id, effective_from, expires_on) VALUES (?, ?, ?)", e.mandateId().value(),
                    e.effectiveFrom(), e.expiresOn());
        } else if (event instanceof MandateExtended e) {
            jdbc.update("UPDATE mandate_term SET expires_on = ? WHERE mandate_id = ?", e.expiresOn(), e.mandateId().value());
        } else if (event instanceof MandateEnded e) {
            jdbc.update("UPDATE mandate_term SET ended = TRUE WHERE mandate_id = ?", e.mandateId().value());
        } else if (event instanceof LeadAppointed e) {
            jdbc.update("INSERT INTO office_holder (structure_id, post_id, name, title, nationality, since) VALUES (?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (structure_id, post_id) DO UPDATE SET name = EXCLUDED.name, title = EXCLUDED.title, "
                            + "nationality = EXCLUDED.nationality, since = EXCLUDED.since",
                    e.structureId().value(), e.postId().value(), e.appointee().name(), e.appointee().titleOrRank(),
                    e.appointee().nationality().value(), Timestamp.from(e.effectiveAt()));
        } else if (event instanceof LeadRelieved e) {
            jdbc.update("DELETE FROM office_holder WHERE structure_id = ? AND post_id = ? AND name = ?", e.structureId().value(),
                    e.postId().value(), e.appointee().name());
        }
    }

    /**
     * A pledge's row: its state moves only through the contract's {@link ContributionState#after}, from
     * the state the board holds; personnel follow the events. A switch over the sealed event type
     * without a default: a new contribution event does not compile until this view decides it.
     */
    private void onContribution(ContributionEvent event) {
        String id = event.contributionId().value();
        switch (event) {
            case ContributionPledged e -> {
                jdbc.update("INSERT INTO board_pledge (contribution_id, force_id, nation, state, offered_personnel) VALUES (?, ?, ?, ?, ?)",
                        id, e.forceId().value(), e.nation().value(), e.state().name(), e.personnel());
                return;
            }
            case ContributionCommitted e ->
                    jdbc.update("UPDATE board_pledge SET committed_personnel = ? WHERE contribution_id = ?", e.personnel(), id);
            case AuthorityTransferred e ->
                    jdbc.update("UPDATE board_pledge SET deployed_personnel = committed_personnel WHERE contribution_id = ?", id);
            case RulesOfEngagementAcknowledged e ->
                    jdbc.update("UPDATE board_pledge SET roe_acknowledged = ? WHERE contribution_id = ?", e.version(), id);
            // a reopened condition releases the commitment, also while the pledge is suspended (its state then stays SUSPENDED)
            case ConditionReopened e -> jdbc.update("UPDATE board_pledge SET committed_personnel = 0 WHERE contribution_id = ?", id);
            case ContributionSuspended e -> {
                // a suspended pledge holds its commitment for its resumption: only the state changes, no personnel are released
                jdbc.update("UPDATE board_pledge SET state = ? WHERE contribution_id = ?", ContributionState.SUSPENDED.name(), id);
                return;
            }
            case ContributionResumed e -> {
                // back to the state the event names, with the commitment it held
                jdbc.update("UPDATE board_pledge SET state = ? WHERE contribution_id = ?", e.state().name(), id);
                return;
            }
            case ConditionSatisfied e -> { }
            case ContributionBlocked e -> { }
            case ContributionUnblocked e -> { }
            case ContributionFlagged e -> { }
            case RulesOfEngagementAcknowledgementRequired e -> { }
            case CaveatDeclared e -> { }
            case CaveatLifted e -> { }
            case ContributionRejected e -> { }
            case ContributionWithdrawn e -> { }
        }
        ContributionState before = jdbc.queryForList("SELECT state FROM board_pledge WHERE contribution_id = ?", String.class, id)
                .stream().findFirst().map(ContributionState::valueOf).orElse(null);
        ContributionState after = ContributionState.after(before, event);
        if (after == null || after == before) {
            return;
        }
        jdbc.update("UPDATE board_pledge SET state = ? WHERE contribution_id = ?", after.name(), id);
        if (!after.engaged()) {
            jdbc.update("UPDATE board_pledge SET committed_personnel = 0 WHERE contribution_id = ?", id);
        }
        if (!after.deployed()) {
            jdbc.update("UPDATE board_pledge SET deployed_personnel = 0 WHERE contribution_id = ?", id);
        }
    }
}
