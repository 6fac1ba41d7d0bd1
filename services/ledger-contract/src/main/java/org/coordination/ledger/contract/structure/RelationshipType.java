package org.coordination.ledger.contract.structure;

/** Typed command relationships (NATO AJP-01). */
public enum RelationshipType {
    OPCOM,
    OPCON,
    TACOM,
    TACON,
    ADCON,
    COORDINATION,
    LIAISON
}
