-- A post's tenures are no longer kept in its command structure's document, which grew by one tenure with
-- every appointment and was written whole for every event of the structure (docs/benchmarks.md). Each
-- appointment and each relief is now a row of its own, written once by the read-models processor in the
-- transaction that writes the document; a read pairs them into tenures.
CREATE TABLE post_tenure_event (
    -- the event's place in the ledger: a redelivered event finds its row there
    global_index  BIGINT       PRIMARY KEY,
    structure_id  VARCHAR(64)  NOT NULL,
    -- the event's sequence in the structure's stream: a read takes the rows of the events its document folded
    sequence      BIGINT       NOT NULL,
    post_id       VARCHAR(64)  NOT NULL,
    -- APPOINTED opens a tenure, RELIEVED closes the post's latest one
    kind          VARCHAR(16)  NOT NULL,
    -- the event's effective and recorded times, which reads as of a time filter on
    effective_at  TIMESTAMPTZ  NOT NULL,
    recorded_at   TIMESTAMPTZ  NOT NULL,
    -- the appointment's or relief's own date, which the tenure shows
    tenure_at     TIMESTAMPTZ  NOT NULL,
    name          VARCHAR(256),
    title_or_rank VARCHAR(256),
    nationality   VARCHAR(3),
    reason        TEXT
);
CREATE INDEX post_tenure_event_structure_idx ON post_tenure_event (structure_id, sequence);

-- The documents folded before this release hold the tenures and the rows are missing, so the read
-- models are folded again from the first event, as V7 did: the read-models processor (documents,
-- timeline, alerts, tenures) starts again from the beginning at the next start, in bulk. Events and
-- every other processor are untouched.
DELETE FROM read_model;
DELETE FROM timeline_entry;
DELETE FROM alert;
DELETE FROM dead_letter_entry WHERE processing_group = 'read-models';
DELETE FROM token_entry WHERE processor_name = 'read-models';
