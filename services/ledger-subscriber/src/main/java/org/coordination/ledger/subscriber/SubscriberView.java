package org.coordination.ledger.subscriber;

import java.sql.Timestamp;
import java.util.List;
import org.coordination.ledger.contract.common.LedgerEvent;
import org.coordination.ledger.contract.contribution.ContributionEvent;
import org.coordination.ledger.contract.force.ForceEstablished;
import org.coordination.ledger.contract.force.RulesOfEngagementIssued;
import org.coordination.ledger.contract.mandate.MandateAuthorized;
import org.coordination.ledger.contract.mandate.MandateEnded;
import org.coordination.ledger.contract.mandate.MandateExtended;
import org.coordination.ledger.contract.structure.LeadAppointed;
import org.coordination.ledger.contract.structure.LeadRelieved;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies events to the subscriber's own tables; events it has no use for change nothing. A poll's events go through one
 * {@link Changes}: the board's rows they touch are read once and written once for the poll ({@link PledgeBoard}), the
 * other tables' rows, changed by a few events of a force, a mandate or a post, a statement each.
 */
@Component
class SubscriberView {

    private final JdbcTemplate jdbc;

    SubscriberView(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The changes of {@code events}, one poll's, to apply in their order and then write, in one transaction. */
    Changes changes(List<LedgerEvent> events) {
        List<String> pledges = events.stream().filter(ContributionEvent.class::isInstance)
                .map(event -> ((ContributionEvent) event).contributionId().value()).distinct().toList();
        return new Changes(PledgeBoard.read(jdbc, pledges));
    }

    final class Changes {

        private final PledgeBoard board;

        private Changes(PledgeBoard board) {
            this.board = board;
        }

        void apply(LedgerEvent event) {
            if (event instanceof ContributionEvent e) {
                board.apply(e);
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

        /** Writes what the events changed on the board (the other tables' statements have run as each event came). */
        void write() {
            board.write(jdbc);
        }
    }
}
