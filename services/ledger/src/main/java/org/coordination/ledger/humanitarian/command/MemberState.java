package org.coordination.ledger.humanitarian.command;

import org.coordination.ledger.contract.humanitarian.OrganizationType;

/** A partner's standing: active members count against the cap, suspended ones do not. */
record MemberState(OrganizationType type, boolean suspended) {
}
