-- The Merkle log (docs/audit.md, "4. A log anyone can check"): every event is a leaf of one RFC 9162 tree over the
-- ledger's global order, appended by the merkle-log processor in the order it sees events committed (which is why a
-- leaf's index is its own, not the event's global index: an event committed late, into a gap, is appended late).
-- A leaf's hash is SHA-256(0x00 || the event's chain hash), computed by the processor from the chain hash the
-- store holds; the chain hash covers the event's canonical content.
CREATE TABLE merkle_leaf (
    leaf_index   BIGINT PRIMARY KEY,
    global_index BIGINT NOT NULL UNIQUE,
    leaf_hash    BYTEA  NOT NULL
);

-- The hash of every complete subtree above the leaves: level l, index j covers leaves j*2^l to (j+1)*2^l - 1. A root,
-- an inclusion proof or a consistency proof of any size is then O(log n) of these rows, never a walk over leaves.
CREATE TABLE merkle_node (
    level      SMALLINT NOT NULL,
    node_index BIGINT   NOT NULL,
    hash       BYTEA    NOT NULL,
    PRIMARY KEY (level, node_index)
);

-- Signed tree heads: the note is the C2SP signed note exactly as served and published; published tells the witness
-- topic's outbox what is still to send.
CREATE TABLE merkle_checkpoint (
    tree_size BIGINT      PRIMARY KEY,
    root_hash BYTEA       NOT NULL,
    issued_at TIMESTAMPTZ NOT NULL,
    note      TEXT        NOT NULL,
    published BOOLEAN     NOT NULL DEFAULT FALSE
);

-- Every key that ever signed a checkpoint here, by its verifier key (public): so that checkpoints signed before a
-- key rotation can still be checked, and the keys are served from one place.
CREATE TABLE merkle_signing_key (
    verifier_key    TEXT        PRIMARY KEY,
    first_tree_size BIGINT      NOT NULL,
    first_used_at   TIMESTAMPTZ NOT NULL
);

-- Only where no key file is configured, and never in prod: a signer key made on first use, shared by the instances
-- on this database. Whoever can read this table can sign checkpoints, so it proves nothing against the database's
-- own operator; it lets the ledger run and be tried out without setting a key up.
CREATE TABLE merkle_local_signer (
    origin     TEXT PRIMARY KEY,
    signer_key TEXT NOT NULL
);
