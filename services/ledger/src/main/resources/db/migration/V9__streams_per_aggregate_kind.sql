-- A stream is identified by its aggregate kind and id (docs/adr/0003-stream-identity-per-aggregate-kind.md):
-- the force `isf` and the command structure `isf` are two streams side by side. Stored rows do not
-- change: `type` already holds the kind, `aggregate_identifier` keeps the bare id, and the hash chain
-- already covers `type`, so every stored hash and every digest an auditor kept still verifies.

-- Two writers cannot both append sequence n of one stream (Axon's optimistic concurrency). The id comes
-- first so that the audit's "every kind under this id" uses the same index.
ALTER TABLE domain_event_entry DROP CONSTRAINT domain_event_entry_aggregate_identifier_sequence_number_key;
ALTER TABLE domain_event_entry
    ADD CONSTRAINT domain_event_entry_stream_sequence_key UNIQUE (aggregate_identifier, type, sequence_number);

-- Each stream's head is keyed by kind and id. Before this release one id named one stream, so the kind
-- of an existing head is the type of its events; a head whose events are all gone (a deleted stream,
-- which verification reports) keeps an empty kind.
ALTER TABLE ledger_stream_head ADD COLUMN aggregate_type VARCHAR(255);
UPDATE ledger_stream_head h
   SET aggregate_type = COALESCE((SELECT e.type FROM domain_event_entry e
                                   WHERE e.aggregate_identifier = h.aggregate_identifier
                                   ORDER BY e.sequence_number DESC LIMIT 1), '');
ALTER TABLE ledger_stream_head ALTER COLUMN aggregate_type SET NOT NULL;
ALTER TABLE ledger_stream_head DROP CONSTRAINT ledger_stream_head_pkey;
ALTER TABLE ledger_stream_head ADD CONSTRAINT ledger_stream_head_pkey PRIMARY KEY (aggregate_identifier, aggregate_type);

-- The chain and the dense-sequence check of V6, per (kind, id). An event without a kind (Axon writes
-- none for a non-aggregate event; the ledger has none) chains under the empty kind.
CREATE OR REPLACE FUNCTION ledger_chain_event() RETURNS trigger AS $$
DECLARE
    previous BYTEA;
    last     BIGINT;
    kind     VARCHAR(255) := COALESCE(NEW.type, '');
BEGIN
    SELECT last_hash, last_sequence INTO previous, last FROM ledger_stream_head
        WHERE aggregate_identifier = NEW.aggregate_identifier AND aggregate_type = kind FOR UPDATE;
    IF NEW.sequence_number <= COALESCE(last, -1) THEN
        RAISE EXCEPTION 'sequence % of stream %:% is already taken (the stream is at %)',
            NEW.sequence_number, kind, NEW.aggregate_identifier, last USING ERRCODE = 'unique_violation';
    END IF;
    IF NEW.sequence_number <> COALESCE(last, -1) + 1 THEN
        RAISE EXCEPTION 'sequence % of stream %:% does not follow % (a gap)',
            NEW.sequence_number, kind, NEW.aggregate_identifier, COALESCE(last, -1) USING ERRCODE = 'LG001';
    END IF;
    NEW.previous_hash := previous;
    NEW.hash := ledger_event_hash(previous, NEW.event_identifier, NEW.aggregate_identifier, NEW.sequence_number, NEW.type,
                                  NEW.time_stamp, NEW.payload_type, NEW.payload_revision, NEW.payload, NEW.meta_data);
    INSERT INTO ledger_stream_head (aggregate_identifier, aggregate_type, last_sequence, last_hash)
        VALUES (NEW.aggregate_identifier, kind, NEW.sequence_number, NEW.hash)
        ON CONFLICT (aggregate_identifier, aggregate_type)
        DO UPDATE SET last_sequence = EXCLUDED.last_sequence, last_hash = EXCLUDED.last_hash;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

-- Snapshots are looked up by kind and id as well.
DROP INDEX snapshot_event_entry_aggregate_idx;
CREATE INDEX snapshot_event_entry_stream_idx ON snapshot_event_entry (aggregate_identifier, type, sequence_number);
