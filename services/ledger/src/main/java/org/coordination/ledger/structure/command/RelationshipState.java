package org.coordination.ledger.structure.command;

import org.coordination.ledger.contract.structure.RelationshipType;

/** A command relationship in force: the superior post over a subordinate post or a national contingent. */
record RelationshipState(RelationshipType type, String superiorPostId, String subordinatePostId, String contingentId) {
}
