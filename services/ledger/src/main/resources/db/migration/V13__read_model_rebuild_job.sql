-- Rebuilds of the read models (POST /api/v1/audit/replays), as jobs in the database: any instance takes
-- a request and answers for its progress; the instance whose "read-models" processor holds the token
-- carries it out with the shadow processor "read-models-rebuild" (docs/adr/0009-replay-through-a-shadow-processor.md).
CREATE TABLE read_model_rebuild_job (
    job_id         VARCHAR(64)  PRIMARY KEY,
    -- the read models the rebuild replaces (all of them: they share one processor and one token)
    projections    TEXT[]       NOT NULL,
    -- RUNNING, SWITCHING, COMPLETED or FAILED
    state          VARCHAR(16)  NOT NULL,
    -- counted by the shadow processor in the transaction of its batch and its token
    events_done    BIGINT       NOT NULL DEFAULT 0,
    events_total   BIGINT       NOT NULL DEFAULT 0,
    started_at     TIMESTAMPTZ  NOT NULL,
    -- when the owning instance reset the shadow processor (null: not picked up yet), and which instance
    reset_at       TIMESTAMPTZ,
    carried_out_by VARCHAR(255),
    finished_at    TIMESTAMPTZ,
    error          TEXT
);
-- one rebuild at a time, whichever instance was asked
CREATE UNIQUE INDEX read_model_rebuild_job_one_at_a_time ON read_model_rebuild_job ((true))
    WHERE state IN ('RUNNING', 'SWITCHING');
CREATE INDEX read_model_rebuild_job_started_idx ON read_model_rebuild_job (started_at DESC);
