package org.coordination.ledger.contract.common;

/** Every command the ledger accepts; each names the aggregate it targets. */
public interface LedgerCommand {

    String aggregateType();

    String aggregateId();
}
