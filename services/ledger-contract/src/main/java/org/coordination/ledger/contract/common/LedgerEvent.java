package org.coordination.ledger.contract.common;

/** Every event the ledger records. The aggregate id is the Kafka key, so order holds per aggregate. */
public interface LedgerEvent {

    String aggregateType();

    String aggregateId();
}
