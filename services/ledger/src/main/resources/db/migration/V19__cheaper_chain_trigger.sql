-- The hash chain computed for less, the same bytes (docs/benchmarks.md, change 40). Measured per appended
-- event, the trigger of V9 cost about twice the insert it guards:
--  * the hash called `ledger_text_field` and `ledger_field` ten times, and PostgreSQL ran them as SQL
--    functions of their own: a function declared IMMUTABLE is inlined only if its body is immutable too, and
--    `convert_to` is STABLE. The body below is one expression over the parameters, declared STABLE (what it
--    is), which the trigger's assignment inlines whole;
--  * the head was locked (`SELECT … FOR UPDATE`, a row lock written to the heap and the WAL) and then
--    written by `INSERT … ON CONFLICT DO UPDATE`, which probes the key again and locks the row again. Now
--    the head is read, and updated only if it is still at the sequence read: a concurrent append to the
--    same stream waits on that update, finds the head moved when the other commits, and is refused as a
--    taken sequence, as before (a rollback of the other leaves the head as read, and this append goes on).
--    The first event of a stream inserts its head; a concurrent first event is refused by the head's key.
-- The hash is unchanged, byte for byte: every stored hash and every digest an auditor kept still verifies
-- (`ChainTriggerIT` compares this function with V4's composition over varied values).

CREATE OR REPLACE FUNCTION ledger_event_hash(previous BYTEA, event_identifier TEXT, aggregate_identifier TEXT, sequence_number BIGINT,
                                             aggregate_type TEXT, time_stamp TEXT, payload_type TEXT, payload_revision TEXT,
                                             payload BYTEA, meta_data BYTEA) RETURNS BYTEA AS $$
    SELECT sha256(
           CASE WHEN previous IS NULL THEN int4send(-1) ELSE int4send(length(previous)) || previous END
        || CASE WHEN event_identifier IS NULL THEN int4send(-1)
                ELSE int4send(length(convert_to(event_identifier, 'UTF8'))) || convert_to(event_identifier, 'UTF8') END
        || CASE WHEN aggregate_identifier IS NULL THEN int4send(-1)
                ELSE int4send(length(convert_to(aggregate_identifier, 'UTF8'))) || convert_to(aggregate_identifier, 'UTF8') END
        || int8send(sequence_number)
        || CASE WHEN aggregate_type IS NULL THEN int4send(-1)
                ELSE int4send(length(convert_to(aggregate_type, 'UTF8'))) || convert_to(aggregate_type, 'UTF8') END
        || CASE WHEN time_stamp IS NULL THEN int4send(-1)
                ELSE int4send(length(convert_to(time_stamp, 'UTF8'))) || convert_to(time_stamp, 'UTF8') END
        || CASE WHEN payload_type IS NULL THEN int4send(-1)
                ELSE int4send(length(convert_to(payload_type, 'UTF8'))) || convert_to(payload_type, 'UTF8') END
        || CASE WHEN payload_revision IS NULL THEN int4send(-1)
                ELSE int4send(length(convert_to(payload_revision, 'UTF8'))) || convert_to(payload_revision, 'UTF8') END
        || CASE WHEN payload IS NULL THEN int4send(-1) ELSE int4send(length(payload)) || payload END
        || CASE WHEN meta_data IS NULL THEN int4send(-1) ELSE int4send(length(meta_data)) || meta_data END)
$$ LANGUAGE sql STABLE;

CREATE OR REPLACE FUNCTION ledger_chain_event() RETURNS trigger AS $$
DECLARE
    previous BYTEA;
    last     BIGINT;
    kind     VARCHAR(255) := COALESCE(NEW.type, '');
BEGIN
    SELECT last_hash, last_sequence INTO previous, last FROM ledger_stream_head
        WHERE aggregate_identifier = NEW.aggregate_identifier AND aggregate_type = kind;
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
    IF last IS NULL THEN
        INSERT INTO ledger_stream_head (aggregate_identifier, aggregate_type, last_sequence, last_hash)
            VALUES (NEW.aggregate_identifier, kind, NEW.sequence_number, NEW.hash);
    ELSE
        UPDATE ledger_stream_head SET last_sequence = NEW.sequence_number, last_hash = NEW.hash
         WHERE aggregate_identifier = NEW.aggregate_identifier AND aggregate_type = kind AND last_sequence = last;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'sequence % of stream %:% is already taken (appended meanwhile)',
                NEW.sequence_number, kind, NEW.aggregate_identifier USING ERRCODE = 'unique_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
