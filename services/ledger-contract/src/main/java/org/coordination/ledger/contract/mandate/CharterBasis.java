package org.coordination.ledger.contract.mandate;

/** The UN Charter chapter a mandate rests on. */
public enum CharterBasis {
    CHAPTER_VI,
    CHAPTER_VII,
    NOT_STATED
}
