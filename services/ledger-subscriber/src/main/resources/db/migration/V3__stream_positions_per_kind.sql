-- A stream is an aggregate kind and an id (the ledger's ADR 0003): the force `isf` and the command
-- structure `isf` are two streams, each with its own sequence, so each has its own position.
--
-- A position recorded before this release has no kind (the previous ledger gave one id to one stream
-- only, and this table did not keep the kind): it keeps the empty kind until the next event of that id
-- that continues a stream (sequence > 0) takes it over (LedgerEventListener); a stream that starts at 0
-- is a new one and gets a position of its own.
ALTER TABLE stream_position ADD COLUMN aggregate_type VARCHAR(64) NOT NULL DEFAULT '';
ALTER TABLE stream_position ALTER COLUMN aggregate_type DROP DEFAULT;
ALTER TABLE stream_position DROP CONSTRAINT stream_position_pkey;
ALTER TABLE stream_position ADD CONSTRAINT stream_position_pkey PRIMARY KEY (aggregate_type, aggregate_id);
