-- How far each aggregate's stream has been applied. The ledger publishes in order per aggregate, so
-- each new event's sequence is the last one plus one; anything else is a gap (something was missed),
-- counted and raised as an alert rather than guessed around.
CREATE TABLE stream_position (
    aggregate_id  VARCHAR(64) PRIMARY KEY,
    last_sequence BIGINT      NOT NULL,
    applied       BIGINT      NOT NULL,
    gaps          BIGINT      NOT NULL DEFAULT 0
);
