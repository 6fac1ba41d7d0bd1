-- Read models: one JSON document per aggregate-level view, kept by the "read-models" streaming
-- processor in the same transaction as its token (token_entry), so a view and its position never drift.
CREATE TABLE read_model (
    model             VARCHAR(64)  NOT NULL,
    id                VARCHAR(64)  NOT NULL,
    -- the scope a query lists by, e.g. the force of a consent register
    scope_id          VARCHAR(64),
    document          JSONB        NOT NULL,
    last_global_index BIGINT       NOT NULL,
    PRIMARY KEY (model, id)
);
CREATE INDEX read_model_scope_idx ON read_model (model, scope_id);

-- Every event in effective-time order, with recorded time, actor and citation.
CREATE TABLE timeline_entry (
    global_index   BIGINT       PRIMARY KEY,
    effective_at   TIMESTAMPTZ  NOT NULL,
    recorded_at    TIMESTAMPTZ  NOT NULL,
    aggregate_type VARCHAR(64)  NOT NULL,
    aggregate_id   VARCHAR(64)  NOT NULL,
    sequence       BIGINT       NOT NULL,
    event_id       VARCHAR(64)  NOT NULL,
    event_type     VARCHAR(128) NOT NULL,
    principal      VARCHAR(128),
    role           VARCHAR(32),
    citation       VARCHAR(256),
    payload        JSONB        NOT NULL
);
CREATE INDEX timeline_entry_effective_idx ON timeline_entry (effective_at, global_index);
CREATE INDEX timeline_entry_aggregate_idx ON timeline_entry (aggregate_id, effective_at, global_index);

-- Alerts raised by policies for people to decide.
CREATE TABLE alert (
    alert_id        VARCHAR(64)  PRIMARY KEY,
    global_index    BIGINT       NOT NULL,
    raised_at       TIMESTAMPTZ  NOT NULL,
    contribution_id VARCHAR(64)  NOT NULL,
    force_id        VARCHAR(64),
    nation          VARCHAR(3),
    reason          TEXT         NOT NULL,
    raised_by       VARCHAR(128),
    closed_at       TIMESTAMPTZ,
    closed_because  TEXT
);
CREATE INDEX alert_open_idx ON alert (closed_at, raised_at);

-- Idempotency keys: the first answer to a request, stored in the transaction that wrote its events.
CREATE TABLE idempotency_record (
    principal     VARCHAR(128) NOT NULL,
    key           VARCHAR(128) NOT NULL,
    command       VARCHAR(64)  NOT NULL,
    request_hash  VARCHAR(64)  NOT NULL,
    status        INTEGER      NOT NULL,
    etag          VARCHAR(32),
    response_body TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, key)
);

-- Who owns what, for authorization: a liaison acts for its nation's pledges, a party for its register.
ALTER TABLE lookup_contribution ADD COLUMN nation VARCHAR(3);
CREATE TABLE lookup_register (
    register_id VARCHAR(64) PRIMARY KEY,
    force_id    VARCHAR(64) NOT NULL,
    party       VARCHAR(32) NOT NULL
);
