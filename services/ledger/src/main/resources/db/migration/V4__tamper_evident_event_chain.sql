-- Tamper evidence. Every event carries a SHA-256 hash over its canonical content, chained to the hash
-- of the previous event of its stream; ledger_stream_head remembers each stream's last sequence and
-- hash, so that a deleted tail is noticed too. The chain is computed here, in the database, on every
-- insert, whichever engine or tool writes the event; verification recomputes it from the content
-- (LedgerIntegrity, GET /api/v1/audit/verify, `java -jar ledger.jar verify`).

ALTER TABLE domain_event_entry ADD COLUMN previous_hash BYTEA;
ALTER TABLE domain_event_entry ADD COLUMN hash BYTEA;

CREATE TABLE ledger_stream_head (
    aggregate_identifier VARCHAR(255) PRIMARY KEY,
    last_sequence        BIGINT       NOT NULL,
    last_hash            BYTEA        NOT NULL
);

-- A length-prefixed field (-1 for NULL), so that no two different events can share an encoding.
CREATE FUNCTION ledger_field(value BYTEA) RETURNS BYTEA AS $$
    SELECT CASE WHEN value IS NULL THEN int4send(-1) ELSE int4send(length(value)) || value END
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION ledger_text_field(value TEXT) RETURNS BYTEA AS $$
    SELECT ledger_field(convert_to(value, 'UTF8'))
$$ LANGUAGE sql IMMUTABLE;

-- The canonical content: previous hash, event id, aggregate id, sequence, aggregate type, timestamp,
-- payload type and revision, payload, metadata.
CREATE FUNCTION ledger_event_hash(previous BYTEA, event_identifier TEXT, aggregate_identifier TEXT, sequence_number BIGINT,
                                  aggregate_type TEXT, time_stamp TEXT, payload_type TEXT, payload_revision TEXT,
                                  payload BYTEA, meta_data BYTEA) RETURNS BYTEA AS $$
    SELECT sha256(ledger_field(previous) || ledger_text_field(event_identifier) || ledger_text_field(aggregate_identifier)
                  || int8send(sequence_number) || ledger_text_field(aggregate_type) || ledger_text_field(time_stamp)
                  || ledger_text_field(payload_type) || ledger_text_field(payload_revision)
                  || ledger_field(payload) || ledger_field(meta_data))
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION ledger_chain_event() RETURNS trigger AS $$
DECLARE
    previous BYTEA;
BEGIN
    -- the head row serializes appends to one stream; Axon's unique (aggregate, sequence) still decides conflicts
    SELECT last_hash INTO previous FROM ledger_stream_head
        WHERE aggregate_identifier = NEW.aggregate_identifier FOR UPDATE;
    NEW.previous_hash := previous;
    NEW.hash := ledger_event_hash(previous, NEW.event_identifier, NEW.aggregate_identifier, NEW.sequence_number, NEW.type,
                                  NEW.time_stamp, NEW.payload_type, NEW.payload_revision, NEW.payload, NEW.meta_data);
    INSERT INTO ledger_stream_head (aggregate_identifier, last_sequence, last_hash)
        VALUES (NEW.aggregate_identifier, NEW.sequence_number, NEW.hash)
        ON CONFLICT (aggregate_identifier) DO UPDATE SET last_sequence = EXCLUDED.last_sequence, last_hash = EXCLUDED.last_hash;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

-- Events recorded before this migration are chained now, stream by stream, in sequence order.
DO $$
DECLARE
    event RECORD;
    previous BYTEA;
    current_stream VARCHAR(255) := NULL;
BEGIN
    FOR event IN SELECT * FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number LOOP
        IF current_stream IS DISTINCT FROM event.aggregate_identifier THEN
            previous := NULL;
            current_stream := event.aggregate_identifier;
        END IF;
        UPDATE domain_event_entry
           SET previous_hash = previous,
               hash = ledger_event_hash(previous, event.event_identifier, event.aggregate_identifier, event.sequence_number, event.type,
                                        event.time_stamp, event.payload_type, event.payload_revision, event.payload, event.meta_data)
         WHERE global_index = event.global_index
        RETURNING hash INTO previous;
        INSERT INTO ledger_stream_head VALUES (event.aggregate_identifier, event.sequence_number, previous)
            ON CONFLICT (aggregate_identifier) DO UPDATE SET last_sequence = EXCLUDED.last_sequence, last_hash = EXCLUDED.last_hash;
    END LOOP;
END
$$;

CREATE TRIGGER ledger_chain_event BEFORE INSERT ON domain_event_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_chain_event();
