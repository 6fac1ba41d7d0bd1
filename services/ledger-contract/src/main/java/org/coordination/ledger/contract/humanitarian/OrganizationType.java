package org.coordination.ledger.contract.humanitarian;

/** Kind of humanitarian organization; NGOs need vetting. */
public enum OrganizationType {
    UN_AGENCY,
    RED_CROSS_RED_CRESCENT,
    INTERNATIONAL_NGO,
    NATIONAL_NGO
}
