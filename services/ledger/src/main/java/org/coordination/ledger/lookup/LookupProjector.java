package org.coordination.ledger.lookup;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.coordination.ledger.contract.consent.ConsentRegisterOpened;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.ContributionCommitted;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.contribution.ContributionPledged;
import org.coordination.ledger.contract.contribution.ContributionState;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.contract.mandate.Instrument;
import org.coordination.ledger.contract.mandate.MandateAmended;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.coordination.ledger.contract.structure.PostEstablished;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps the lookup tables. Runs in a subscribing processor, in the transaction that appends the
 * events, and propagates failures: if a fact cannot be recorded (an instrument cited twice by two
 * concurrent commands), the command fails and nothing is written.
 */
@Component
@ProcessingGroup(LookupProjector.PROCESSING_GROUP)
class LookupProjector {

    static final String PROCESSING_GROUP = "consistency-lookup";

    private final JdbcTemplate jdbc;
    private final FilledPosts filledPosts;

    LookupProjector(JdbcTemplate jdbc, FilledPosts filledPosts) {
        this.jdbc = jdbc;
        this.filledPosts = filledPosts;
    }

    @EventHandler
    void on(MandateAuthorized event) {
        jdbc.update("INSERT INTO lookup_mandate (mandate_id, effective_from, expires_on, troop_ceiling, use_of_force) VALUES (?, ?, ?, ?, ?)",
                event.mandateId().value(), event.effectiveFrom(), event.expiresOn(), event.troopCeiling(), event.useOfForce().name());
        cite(event.instrument(), event.mandateId().value());
    }

    @EventHandler
    void on(MandateExtended event) {
        jdbc.update("UPDATE lookup_mandate SET expires_on = ? WHERE mandate_id = ?", event.expiresOn(), event.mandateId().value());
        cite(event.instrument(), event.mandateId().value());
    }

    @EventHandler
    void on(MandateAmended event) {
        jdbc.update("UPDATE lookup_mandate SET troop_ceiling = ?, use_of_force = ? WHERE mandate_id = ?",
                event.troopCeiling(), event.useOfForce().name(), event.mandateId().value());
        cite(event.instrument(), event.mandateId().value());
    }

    @EventHandler
    void on(MandateEnded event) {
        jdbc.update("UPDATE lookup_mandate SET ended = TRUE WHERE mandate_id = ?", event.mandateId().value());
        if (event.instrument() != null) {
            cite(event.instrument(), event.mandateId().value());
        }
    }

    private void cite(Instrument instrument, String mandateId) {
        // by its key: the same instrument typed differently is the same citation (the primary key holds under races)
        jdbc.update("INSERT INTO lookup_instrument (symbol, mandate_id) VALUES (?, ?)", InstrumentSymbols.key(instrument.symbol()), mandateId);
    }

    @EventHandler
    void on(ForceEstablished event) {
        jdbc.update("INSERT INTO lookup_force (force_id, mandate_id) VALUES (?, ?)", event.forceId().value(), event.mandateId().value());
    }

    @EventHandler
    void on(RulesOfEngagementIssued event) {
        jdbc.update("UPDATE lookup_force SET current_roe_version = ? WHERE force_id = ?", event.version(), event.forceId().value());
    }

    @EventHandler
    void on(PostEstablished event) {
        jdbc.update("INSERT INTO lookup_post (structure_id, post_id) VALUES (?, ?)", event.structureId().value(), event.postId().value());
    }

    @EventHandler
    void on(LeadAppointed event) {
        filledPosts.set(event.structureId().value(), event.postId().value(), true);
    }

    @EventHandler
    void on(LeadRelieved event) {
        filledPosts.set(event.structureId().value(), event.postId().value(), false);
    }

    @EventHandler
    void on(ConsentRegisterOpened event) {
        jdbc.update("INSERT INTO lookup_register (register_id, force_id, party) VALUES (?, ?, ?)",
                event.registerId().value(), event.forceId().value(), event.party().value());
    }

    /**
     * Every event of a pledge: its state moves through {@link ContributionState#after} only, and whether
     * its committed personnel count toward the ceiling is the state's to say, not this projector's.
     */
    @EventHandler
    void on(ContributionEvent event) {
        String id = event.contributionId().value();
        if (event instanceof ContributionPledged e) {
            jdbc.update("INSERT INTO lookup_contribution (contribution_id, force_id, nation, state, counts_toward_ceiling) VALUES (?, ?, ?, ?, ?)",
                    id, e.forceId().value(), e.nation().value(), e.state().name(), e.state().countsTowardCeiling());
            return;
        }
        ContributionState before = jdbc.queryForList("SELECT state FROM lookup_contribution WHERE contribution_id = ?", String.class, id)
                .stream().findFirst().map(ContributionState::valueOf).orElse(null);
        ContributionState after = ContributionState.after(before, event);
        if (event instanceof ContributionCommitted e) {
            jdbc.update("UPDATE lookup_contribution SET committed_personnel = ? WHERE contribution_id = ?", e.personnel(), id);
        } else if (event instanceof ConditionReopened) {
            jdbc.update("UPDATE lookup_contribution SET committed_personnel = 0 WHERE contribution_id = ?", id);
        } else if (event instanceof AuthorityTransferred e) {
            jdbc.update("UPDATE lookup_contribution SET transferred_authority = ? WHERE contribution_id = ?", e.authority().name(), id);
            jdbc.update("INSERT INTO lookup_placement (structure_id, contribution_id, force_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    e.structureId().value(), id, e.forceId().value());
        }
        if (after != null && after != before) {
            jdbc.update("UPDATE lookup_contribution SET state = ?, counts_toward_ceiling = ? WHERE contribution_id = ?",
                    after.name(), after.countsTowardCeiling(), id);
        }
    }
}
