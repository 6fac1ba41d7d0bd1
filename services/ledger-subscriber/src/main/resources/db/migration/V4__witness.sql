-- The subscriber as a witness of the ledger's Merkle log (the ledger's docs/audit.md, section 4): the checkpoints it
-- accepted, the right edge of the last one's tree (enough to check the next from its leaves alone), every leaf the
-- accepted checkpoints cover (to check the events applied against them), and the checkpoints it refused, with why.
CREATE TABLE witness_checkpoint (
    origin      VARCHAR(255) NOT NULL,
    tree_size   BIGINT       NOT NULL,
    root_hash   BYTEA        NOT NULL,
    issued_at   TIMESTAMPTZ  NOT NULL,
    note        TEXT         NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (origin, tree_size)
);

CREATE TABLE witness_state (
    origin        VARCHAR(255) PRIMARY KEY,
    tree_size     BIGINT       NOT NULL,
    root_hash     BYTEA        NOT NULL,
    compact_range BYTEA        NOT NULL  -- the roots of the complete subtrees, 32 bytes each, largest first
);

CREATE TABLE witness_leaf (
    leaf_hash BYTEA  PRIMARY KEY,
    tree_size BIGINT NOT NULL      -- the first accepted checkpoint that covers it
);

CREATE TABLE witness_refusal (
    tree_size   BIGINT       NOT NULL,
    refusal     VARCHAR(32)  NOT NULL,
    reason      TEXT         NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (tree_size, refusal)
);

-- The leaf of each event applied: SHA-256(0x00 || its chain hash, the record's hash extension); null for a record without one.
ALTER TABLE processed_event ADD COLUMN leaf_hash BYTEA;
CREATE INDEX processed_event_leaf ON processed_event (leaf_hash) WHERE leaf_hash IS NOT NULL;
