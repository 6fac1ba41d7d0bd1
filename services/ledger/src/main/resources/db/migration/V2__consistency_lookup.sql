-- Facts that span aggregates, read by command handlers (unique instruments, a ceiling across pledges,
-- whether a post is filled). Written by a subscribing processor in the same transaction as the events,
-- so they are never behind the event store. Not a read model: clients never see these tables.

CREATE TABLE lookup_mandate (
    mandate_id     VARCHAR(64) PRIMARY KEY,
    ended          BOOLEAN     NOT NULL DEFAULT FALSE,
    effective_from DATE        NOT NULL,
    expires_on     DATE        NOT NULL,
    troop_ceiling  INTEGER,
    use_of_force   VARCHAR(32) NOT NULL
);

-- The same instrument cannot be cited twice: the primary key holds even under concurrent commands.
CREATE TABLE lookup_instrument (
    symbol     VARCHAR(100) PRIMARY KEY,
    mandate_id VARCHAR(64)  NOT NULL
);

CREATE TABLE lookup_force (
    force_id            VARCHAR(64) PRIMARY KEY,
    mandate_id          VARCHAR(64) NOT NULL,
    current_roe_version INTEGER     NOT NULL DEFAULT 0
);

CREATE TABLE lookup_post (
    structure_id VARCHAR(64) NOT NULL,
    post_id      VARCHAR(64) NOT NULL,
    filled       BOOLEAN     NOT NULL DEFAULT FALSE,
    PRIMARY KEY (structure_id, post_id)
);

CREATE TABLE lookup_contribution (
    contribution_id       VARCHAR(64) PRIMARY KEY,
    force_id              VARCHAR(64) NOT NULL,
    committed_personnel   INTEGER     NOT NULL DEFAULT 0,
    transferred_authority VARCHAR(32)
);
CREATE INDEX lookup_contribution_force_idx ON lookup_contribution (force_id);
