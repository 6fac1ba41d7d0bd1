-- Kafka records are keyed by stream, <Kind>:<id>, since V9 (they were keyed by the id alone). A key
-- decides the partition, so a stream published under both keys could sit on two partitions and be read
-- out of order from the topic's beginning. This release therefore publishes to a new topic,
-- coordination-ledger.events.v2, every event from the first, keyed by stream: the publisher's position
-- is reset here (its tracking token is removed, so it starts from the first event). The v1 topic is
-- left as it was; subscribers move to v2 and rebuild from its beginning (docs/kafka.md).
DELETE FROM token_entry WHERE processor_name = 'kafka-publisher';
