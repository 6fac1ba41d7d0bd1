package org.coordination.ledger.force.query;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.coordination.ledger.contract.contribution.AuthorityTransferred;
import org.coordination.ledger.contract.contribution.CaveatDeclared;
import org.coordination.ledger.contract.contribution.CaveatLifted;
import org.coordination.ledger.contract.contribution.Condition;
import org.coordination.ledger.contract.contribution.ConditionReopened;
import org.coordination.ledger.contract.contribution.ConditionSatisfied;
import org.coordination.ledger.contract.contribution.ContributedUnit;
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
import org.coordination.ledger.readmodel.AggregateView;
import org.coordination.ledger.readmodel.EventMeta;
import org.coordination.ledger.readmodel.Fold;
import org.coordination.ledger.readmodel.ViewType;

/**
 * One pledge, as the roster shows it: a document of its own, listed by its force ({@code scope_id}).
 * A force's roster is its pledges' documents, so a pledge's event rewrites one small document, however
 * many pledges the force has (one document with every pledge was rewritten whole for each of them:
 * docs/benchmarks.md).
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE)
public class PledgeView extends AggregateView {

    public static final String MODEL = "pledge";

    /**
     * Roster order: by contribution id, as the documents are listed (and as the force's document, read back
     * from its JSONB, listed them before: JSONB keeps an object's keys sorted).
     */
    public static final Comparator<PledgeView> ROSTER_ORDER = Comparator.comparing(PledgeView::contributionId);

    String contributionId;
    String forceId;
    String nation;
    ContributionState state;
    String readiness;
    List<Condition> conditions = new ArrayList<>();
    Set<Condition> openConditions = new LinkedHashSet<>();
    Set<String> blockedBy = new LinkedHashSet<>();
    List<ContributedUnit> units = new ArrayList<>();
    int offeredPersonnel;
    int committedPersonnel;
    int deployedPersonnel;
    String authorityOffered;
    String authorityTransferred;
    String transferredToStructure;
    String transferredToPost;
    Map<String, ForceView.Caveat> caveats = new LinkedHashMap<>();
    int roeAcknowledgedVersion;
    Instant roeAcknowledgedAt;
    int alerts;
    Instant pledgedAt;
    /** While suspended: the suspension; otherwise null. */
    ForceView.Suspension suspension;

    /**
     * The document: one per pledge, folding every {@link ContributionEvent} of its own stream; an as-of
     * read folds that stream alone.
     */
    public static final ViewType<PledgeView> TYPE = ViewType.of(MODEL, PledgeView.class, PledgeView::new, "Contribution",
                    Fold.of(PledgeView.class, ContributionEvent.class, (event, lookup) -> Optional.of(event.contributionId().value()),
                            PledgeView::fold))
            .scopedBy(PledgeView::forceId);

    @Override
    public boolean exists() {
        return contributionId != null; // from its pledge on
    }

    public String forceId() {
        return forceId;
    }

    public String contributionId() {
        return contributionId;
    }

    /** What a pledge's event does to its document; events before the pledge (as of an earlier time) change nothing. */
    void fold(ContributionEvent event, EventMeta meta) {
        if (!(event instanceof ContributionPledged) && !exists()) {
            return;
        }
        switch (event) {
            case ContributionPledged e -> pledged(e, meta);
            case ConditionSatisfied e -> {
                openConditions.remove(e.condition());
                state = ContributionState.after(state, e);
            }
            case ConditionReopened e -> {
                openConditions.add(e.condition());
                state = ContributionState.after(state, e);
                committedPersonnel = 0;
            }
            case ContributionBlocked e -> blockedBy.add(e.party().value());
            case ContributionUnblocked e -> blockedBy.remove(e.party().value());
            case ContributionFlagged e -> alerts++;
            case RulesOfEngagementAcknowledgementRequired e -> {
                // the roster derives each pledge's ROE status from the force's current version and the pledge's acknowledgement
            }
            case RulesOfEngagementAcknowledged e -> {
                roeAcknowledgedVersion = e.version();
                roeAcknowledgedAt = meta.effectiveAt();
            }
            case CaveatDeclared e -> caveats.put(e.caveatId().value(),
                    new ForceView.Caveat(e.caveatId().value(), e.kind().name(), e.description(), e.flaggedForCommander()));
            case CaveatLifted e -> caveats.remove(e.caveatId().value());
            case ContributionCommitted e -> {
                state = ContributionState.after(state, e);
                committedPersonnel = e.personnel();
            }
            case AuthorityTransferred e -> {
                state = ContributionState.after(state, e);
                deployedPersonnel = committedPersonnel;
                authorityTransferred = e.authority().name();
                transferredToStructure = e.structureId().value();
                transferredToPost = e.postId().value();
            }
            case ContributionRejected e -> {
                state = ContributionState.after(state, e);
                release();
            }
            case ContributionSuspended e -> {
                // the commitment is held, not released: it is what a resumption brings back
                state = ContributionState.after(state, e);
                suspension = new ForceView.Suspension(e.reason(), e.caveatId() == null ? null : e.caveatId().value(), e.suspendedFrom(),
                        meta.effectiveAt(), meta.citation());
            }
            case ContributionResumed e -> {
                state = ContributionState.after(state, e);
                suspension = null;
            }
            case ContributionWithdrawn e -> {
                state = ContributionState.after(state, e);
                release();
            }
        }
    }

    private void pledged(ContributionPledged e, EventMeta meta) {
        contributionId = e.contributionId().value();
        forceId = e.forceId().value();
        nation = e.nation().value();
        state = e.state();
        readiness = e.readiness().name();
        conditions = new ArrayList<>(e.conditions());
        openConditions = new LinkedHashSet<>(e.conditions());
        units = new ArrayList<>(e.units());
        offeredPersonnel = e.personnel();
        authorityOffered = e.authorityOffered().name();
        pledgedAt = meta.effectiveAt();
    }

    private void release() {
        committedPersonnel = 0;
        deployedPersonnel = 0;
    }

    /** Whether the pledge is still in play (the lifecycle's own answer, ContributionState). */
    boolean inPlay() {
        return state.inPlay();
    }

    /** This pledge as a contingent placed under a post of {@code structureId}, if it is deployed there. */
    public Optional<ForceView.PlacedContingent> placedUnder(String structureId) {
        return structureId.equals(transferredToStructure) && state.deployed()
                ? Optional.of(new ForceView.PlacedContingent(contributionId, nation, forceId, transferredToPost, authorityTransferred,
                        deployedPersonnel))
                : Optional.empty();
    }
}
