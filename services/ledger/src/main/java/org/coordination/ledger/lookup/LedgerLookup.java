package org.coordination.ledger.lookup;

import java.util.Optional;
import org.coordination.ledger.contract.common.ContributionId;
import org.coordination.ledger.contract.common.ForceId;
import org.coordination.ledger.contract.common.MandateId;
import org.coordination.ledger.contract.common.PostId;
import org.coordination.ledger.contract.common.StructureId;
import org.coordination.ledger.contract.contribution.AuthorityLevel;

/**
 * Facts that span aggregates (unique instruments, a ceiling across pledges, whether a post is
 * filled), read by command handlers. Kept by a subscribing processor in the same transaction as the
 * events it reflects, so a handler never sees a fact the store does not hold; never a store scan.
 */
public interface LedgerLookup {

    Optional<MandateTerms> mandate(MandateId mandateId);

    /** Whether an instrument with this symbol, however typed ({@link InstrumentSymbols#key}), is cited anywhere in the ledger. */
    boolean instrumentCited(String symbol);

    Optional<ForceFacts> force(ForceId forceId);

    /**
     * Personnel committed or deployed to a force by pledges other than {@code excluded}. Locks the force's
     * row until the transaction ends, so that two commitments cannot both pass the ceiling.
     */
    long committedPersonnelLocked(ForceId forceId, ContributionId excluded);

    boolean postExists(StructureId structureId, PostId postId);

    boolean postFilled(StructureId structureId, PostId postId);

    /** The nation that made a pledge, if the pledge exists (who may act for it). */
    Optional<String> contributionNation(ContributionId contributionId);

    /** The party a consent register belongs to, if it exists (who may act on it). */
    Optional<String> registerParty(org.coordination.ledger.contract.common.ConsentRegisterId registerId);

    /** The consent register a party has for a force, if it has one: a party has one per force. */
    Optional<String> registerOf(ForceId forceId, org.coordination.ledger.contract.common.PartyId party);

    /** The authority a deployed contingent's nation transferred, if it did. */
    Optional<AuthorityLevel> transferredAuthority(ContributionId contributionId);
}
