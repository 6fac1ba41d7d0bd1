package org.coordination.ledger.contract.common;

/** Every event the ledger records. Its stream, {@code <Kind>:<id>}, is the Kafka key, so order holds per stream (docs/kafka.md). */
public interface LedgerEvent {

    String aggregateType();

    String aggregateId();
}
