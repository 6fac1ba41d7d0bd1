-- The reference subscriber's own tables. processed_event makes each event apply once in effect:
-- its id is recorded in the same transaction as the view rows it changed.
CREATE TABLE processed_event (
    event_id     VARCHAR(64) PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The coalition board: one row per pledge.
CREATE TABLE board_pledge (
    contribution_id     VARCHAR(64) PRIMARY KEY,
    force_id            VARCHAR(64) NOT NULL,
    nation              VARCHAR(3)  NOT NULL,
    state               VARCHAR(16) NOT NULL,
    offered_personnel   INTEGER     NOT NULL,
    committed_personnel INTEGER     NOT NULL DEFAULT 0,
    deployed_personnel  INTEGER     NOT NULL DEFAULT 0,
    roe_acknowledged    INTEGER     NOT NULL DEFAULT 0
);

-- Current office holders.
CREATE TABLE office_holder (
    structure_id VARCHAR(64)  NOT NULL,
    post_id      VARCHAR(64)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    title        VARCHAR(200) NOT NULL,
    nationality  VARCHAR(3)   NOT NULL,
    since        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (structure_id, post_id)
);

-- What the alerts need to know of forces and mandates.
CREATE TABLE force_mandate (
    force_id    VARCHAR(64) PRIMARY KEY,
    mandate_id  VARCHAR(64) NOT NULL,
    current_roe INTEGER     NOT NULL DEFAULT 0
);

CREATE TABLE mandate_term (
    mandate_id     VARCHAR(64) PRIMARY KEY,
    effective_from DATE        NOT NULL,
    expires_on     DATE        NOT NULL,
    ended          BOOLEAN     NOT NULL DEFAULT FALSE
);
