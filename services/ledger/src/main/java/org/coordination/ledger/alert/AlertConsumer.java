package org.coordination.ledger.alert;

import java.sql.Timestamp;
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
import org.coordination.ledger.contract.contribution.ContributionSuspended;
import org.coordination.ledger.contract.contribution.ContributionUnblocked;
import org.coordination.ledger.contract.contribution.ContributionWithdrawn;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledged;
import org.coordination.ledger.contract.contribution.RulesOfEngagementAcknowledgementRequired;
import org.coordination.ledger.readmodel.EventEnvelope;
import org.coordination.ledger.readmodel.EventMeta;
import org.coordination.ledger.readmodel.Fold;
import org.coordination.ledger.readmodel.ReadSideConsumer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * When an alert opens and closes: a deployed pledge flagged by a policy, or a caveat declared after
 * transfer of authority, opens one; the pledge leaving the force closes its alerts. Every other pledge
 * event is a case of {@link #rules}' switch, with the reason it changes no alert, so a new {@link ContributionEvent} fails
 * the compilation of that switch (it has no {@code default}) until someone decides whether it opens or closes one.
 */
@Component
@Order(2)
class AlertConsumer implements ReadSideConsumer {

    static final String TABLE = "alert";

    /** One event being handled, and where its alert rows go. */
    record Alerting(EventEnvelope envelope, Writes writes) {
    }

    static final Fold<Alerting, ContributionEvent> RULES = Fold.of(Alerting.class, ContributionEvent.class,
            (event, lookup) -> java.util.Optional.of(event.contributionId().value()), AlertConsumer::rules);

    /** Whether {@code event} opens or closes an alert: every pledge event is a case, those that change none say why. */
    static void rules(Alerting a, ContributionEvent event, EventMeta meta) {
        switch (event) {
            case ContributionFlagged e -> raise(a, e.contributionId().value(), e.reason());
            case CaveatDeclared e -> {
                if (e.flaggedForCommander()) {
                    raise(a, e.contributionId().value(), "Caveat declared after transfer of authority (" + e.kind() + "): " + e.description());
                }
            }
            // the events after which ContributionState.after(..) is closed(): a closed pledge leaves nothing to alert about
            case ContributionWithdrawn e -> close(a, e.contributionId().value(), "Pledge withdrawn: " + e.reason());
            case ContributionRejected e -> close(a, e.contributionId().value(), "Pledge rejected: " + e.reason());
            case ContributionPledged e -> {
                // a new pledge has nothing to alert about
            }
            case ConditionSatisfied e -> {
                // a condition met is progress, not an alert
            }
            case ConditionReopened e -> {
                // policies reopen only pledges not deployed; deployed ones are flagged instead
            }
            case ContributionBlocked e -> {
                // a block is shown on the roster; deployed pledges are flagged instead
            }
            case ContributionUnblocked e -> {
                // lifting a block closes nothing: the deployed pledge's flag stays for people to decide
            }
            case RulesOfEngagementAcknowledgementRequired e -> {
                // the roster shows a stale acknowledgement
            }
            case RulesOfEngagementAcknowledged e -> {
                // acknowledging raises nothing
            }
            case CaveatLifted e -> {
                // an alert stays open for people to decide, even when its caveat is lifted
            }
            case ContributionCommitted e -> {
                // committing raises nothing
            }
            case AuthorityTransferred e -> {
                // deploying raises nothing
            }
            case ContributionSuspended e -> {
                // a suspension is the coordinator's decision, shown on the roster: nothing is left for people to decide
            }
            case ContributionResumed e -> {
                // resuming raises nothing, and an open alert stays for people to decide
            }
        }
    }

    @Override
    public String name() {
        return "alerts";
    }

    @Override
    public String table() {
        return TABLE;
    }

    @Override
    public String primaryKey() {
        return "alert_id";
    }

    @Override
    public void handle(EventEnvelope envelope, Writes writes) {
        if (RULES.folds(envelope.event())) {
            RULES.apply(new Alerting(envelope, writes), envelope.event(), envelope.meta());
        }
    }

    private static void raise(Alerting a, String contributionId, String reason) {
        EventEnvelope e = a.envelope();
        a.writes().now("INSERT INTO " + a.writes().table() + " (alert_id, global_index, raised_at, contribution_id, force_id, nation, "
                        + "reason, raised_by) SELECT ?, ?, ?, ?, c.force_id, c.nation, ?, ? FROM (SELECT ? AS id) x "
                        + "LEFT JOIN lookup_contribution c ON c.contribution_id = x.id ON CONFLICT (alert_id) DO NOTHING",
                e.eventId(), e.globalIndex(), Timestamp.from(e.effectiveAt()), contributionId, reason, e.principal(), contributionId);
    }

    private static void close(Alerting a, String contributionId, String because) {
        a.writes().now("UPDATE " + a.writes().table() + " SET closed_at = ?, closed_because = ? WHERE contribution_id = ? "
                + "AND closed_at IS NULL", Timestamp.from(a.envelope().effectiveAt()), because, contributionId);
    }
}
