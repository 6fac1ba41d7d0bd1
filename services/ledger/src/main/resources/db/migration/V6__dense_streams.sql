-- A stream's sequence numbers are dense: 0, 1, 2, ... with no gap. The unique (aggregate, sequence)
-- index already refuses a repeated number; this refuses a number that skips ahead, which an aggregate
-- can only produce when it was decided on state that was never stored (an in-memory copy ahead of the
-- store). Both are conflicts of a concurrent or stale append, never tampering: the append is refused,
-- nothing is written, and the command is decided again on the stored state.
--
-- SQLSTATE 23505 (unique_violation) for a number already taken, so that whichever of the two checks
-- sees it first gives the same error; LG001 (the ledger's own class) for a number that skips ahead.
-- The head row is locked (FOR UPDATE) before the check, so two appends to one stream are checked in
-- the order they commit.

CREATE OR REPLACE FUNCTION ledger_chain_event() RETURNS trigger AS $$
DECLARE
    previous BYTEA;
    last     BIGINT;
BEGIN
    SELECT last_hash, last_sequence INTO previous, last FROM ledger_stream_head
        WHERE aggregate_identifier = NEW.aggregate_identifier FOR UPDATE;
    IF NEW.sequence_number <= COALESCE(last, -1) THEN
        RAISE EXCEPTION 'sequence % of stream % is already taken (the stream is at %)',
            NEW.sequence_number, NEW.aggregate_identifier, last USING ERRCODE = 'unique_violation';
    END IF;
    IF NEW.sequence_number <> COALESCE(last, -1) + 1 THEN
        RAISE EXCEPTION 'sequence % of stream % does not follow % (a gap)',
            NEW.sequence_number, NEW.aggregate_identifier, COALESCE(last, -1) USING ERRCODE = 'LG001';
    END IF;
    NEW.previous_hash := previous;
    NEW.hash := ledger_event_hash(previous, NEW.event_identifier, NEW.aggregate_identifier, NEW.sequence_number, NEW.type,
                                  NEW.time_stamp, NEW.payload_type, NEW.payload_revision, NEW.payload, NEW.meta_data);
    INSERT INTO ledger_stream_head (aggregate_identifier, last_sequence, last_hash)
        VALUES (NEW.aggregate_identifier, NEW.sequence_number, NEW.hash)
        ON CONFLICT (aggregate_identifier) DO UPDATE SET last_sequence = EXCLUDED.last_sequence, last_hash = EXCLUDED.last_hash;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
