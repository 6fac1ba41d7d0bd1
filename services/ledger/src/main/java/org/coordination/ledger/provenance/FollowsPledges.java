package org.coordination.ledger.provenance;

/** A policy that follows a force's pledges, in its {@link PolicyPledges}. */
public interface FollowsPledges {

    PolicyPledges pledges();
}
