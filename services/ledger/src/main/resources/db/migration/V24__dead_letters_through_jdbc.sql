-- With the JDBC event-store engine (the default) the read models' dead letters go through Axon's JDBC dead-letter
-- queue, no longer through its JPA one, so that the service runs without JPA (docs/benchmarks.md, change 77). That
-- queue keeps its times as ISO-8601 text (Axon's DeadLetterSchema and GenericDeadLetterTableFactory), where the JPA
-- entity maps them to timestamps, so it has a table of its own, the columns named as in dead_letter_entry.
-- dead_letter_entry stays for the JPA engine (the benchmark's peer); the events parked there so far move here.
CREATE TABLE dead_letter (
    dead_letter_id       VARCHAR(255)  NOT NULL,
    processing_group     VARCHAR(255)  NOT NULL,
    sequence_identifier  VARCHAR(255)  NOT NULL,
    sequence_index       BIGINT        NOT NULL,
    message_type         VARCHAR(255)  NOT NULL,
    event_identifier     VARCHAR(255)  NOT NULL,
    time_stamp           VARCHAR(255)  NOT NULL,
    payload_type         VARCHAR(255)  NOT NULL,
    payload_revision     VARCHAR(255),
    payload              BYTEA         NOT NULL,
    meta_data            BYTEA,
    type                 VARCHAR(255),
    aggregate_identifier VARCHAR(255),
    sequence_number      BIGINT,
    token_type           VARCHAR(255),
    token                BYTEA,
    enqueued_at          VARCHAR(255)  NOT NULL,
    last_touched         VARCHAR(255),
    processing_started   VARCHAR(255),
    cause_type           VARCHAR(255),
    cause_message        VARCHAR(1023),
    diagnostics          BYTEA,
    CONSTRAINT dead_letter_pkey PRIMARY KEY (dead_letter_id),
    CONSTRAINT dead_letter_group_sequence_key UNIQUE (processing_group, sequence_identifier, sequence_index)
);
CREATE INDEX dead_letter_group_idx ON dead_letter (processing_group);
CREATE INDEX dead_letter_group_sequence_idx ON dead_letter (processing_group, sequence_identifier);

INSERT INTO dead_letter
SELECT dead_letter_id, processing_group, sequence_identifier, sequence_index, message_type, event_identifier, time_stamp,
       payload_type, payload_revision, payload, meta_data, type, aggregate_identifier, sequence_number, token_type, token,
       to_char(enqueued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       to_char(last_touched AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       to_char(processing_started AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
       cause_type, cause_message, diagnostics
  FROM dead_letter_entry;
DELETE FROM dead_letter_entry;
