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
import org.coordination.ledger.readmodel.Fold;
import org.coordination.ledger.readmodel.ReadSideConsumer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * When an alert opens and closes: a deployed pledge flagged by a policy, or a caveat declared after
 * transfer of authority, opens one; the pledge leaving the force closes its alerts. Every other pledge
 * event is named below with the reason it changes no alert, so a new {@link ContributionEvent} fails
 * {@link #RULES}' construction until someone decides whether it opens or closes one.
 */
@Component
@Order(2)
class AlertConsumer implements ReadSideConsumer {

    static final String TABLE = "alert";

    /** One event being handled, and where its alert rows go. */
    record Alerting(EventEnvelope envelope, Writes writes) {
    }

    static final Fold<Alerting, ContributionEvent> RULES = Fold.of(Alerting.class, ContributionEvent.class,
                    (event, lookup) -> java.util.Optional.of(event.contributionId().value()))
            .on(ContributionFlagged.class, (a, e, meta) -> raise(a, e.contributionId().value(), e.reason()))
            .on(CaveatDeclared.class, (a, e, meta) -> {
                if (e.flaggedForCommander()) {
                    raise(a, e.contributionId().value(), "Caveat declared after transfer of authority (" + e.kind() + "): " + e.description());
                }
            })
            // the events after which ContributionState.after(..) is closed(): a closed pledge leaves nothing to alert about
            .on(ContributionWithdrawn.class, (a, e, meta) -> close(a, e.contributionId().value(), "Pledge withdrawn: " + e.reason()))
            .on(ContributionRejected.class, (a, e, meta) -> close(a, e.contributionId().value(), "Pledge rejected: " + e.reason()))
            .ignore(ContributionPledged.class, "a new pledge has nothing to alert about")
            .ignore(ConditionSatisfied.class, "a condition met is progress, not an alert")
            .ignore(ConditionReopened.class, "policies reopen only pledges not deployed; deployed ones are flagged instead")
            .ignore(ContributionBlocked.class, "a block is shown on the roster; deployed pledges are flagged instead")
            .ignore(ContributionUnblocked.class, "lifting a block closes nothing: the deployed pledge's flag stays for people to decide")
            .ignore(RulesOfEngagementAcknowledgementRequired.class, "the roster shows a stale acknowledgement")
            .ignore(RulesOfEngagementAcknowledged.class, "acknowledging raises nothing")
            .ignore(CaveatLifted.class, "an alert stays open for people to decide, even when its caveat is lifted")
            .ignore(ContributionCommitted.class, "committing raises nothing")
            .ignore(AuthorityTransferred.class, "deploying raises nothing")
            .ignore(ContributionSuspended.class, "a suspension is the coordinator's decision, shown on the roster: nothing is left for people to decide")
            .ignore(ContributionResumed.class, "resuming raises nothing, and an open alert stays for people to decide")
            .build();

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
