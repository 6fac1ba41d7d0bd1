package org.coordination.ledger.contract.mandate;

/** Who issued an instrument. */
public enum IssuingBody {
    UN_SECURITY_COUNCIL,
    REGIONAL_ORGANIZATION,
    HOST_INVITATION,
    OTHER
}
